/** A Bland persona, as the gateway serves it. */
export interface Persona {
  id: string;
  name: string;
  role: string | null;
  description: string | null;
  tags: readonly string[];
  imageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Set when Bland keeps the persona but it is gone: it is then not found. */
  deletedAt: Date | null;
  inboundNumbers: readonly InboundNumber[];
  productionVersion: PersonaVersion | null;
  draftVersion: PersonaVersion | null;
}

/** A phone number whose inbound calls a persona answers. */
export interface InboundNumber {
  /** E.164. */
  phoneNumber: string;
  label: string | null;
}

export const personaVersionTypes = ['PRODUCTION', 'DRAFT', 'ARCHIVED', 'OTHER'] as const;
/** `OTHER`: a type Bland sent that the gateway does not know. */
export type PersonaVersionType = (typeof personaVersionTypes)[number];

export interface PersonaVersion {
  id: string;
  versionNumber: number;
  type: PersonaVersionType;
  personalityPrompt: string | null;
  orchestrationPrompt: string | null;
  knowledgeBaseIds: readonly string[];
  createdAt: Date;
  promotedAt: Date | null;
}
