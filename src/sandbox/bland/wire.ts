/** Bland's persona JSON as the simulator sends it: the shapes VENDORS.md shows, snake_case. */

export type PersonaVersionTypeWire = 'production' | 'draft' | 'archived';

export interface PathwayConditionWire {
  name: string;
  prompt: string;
  pathway_id: string;
  pathway_version: string;
  start_node_id: string;
}

export interface PersonaVersionWire {
  id: string;
  persona_id: string;
  version_type: PersonaVersionTypeWire;
  version_number: number;
  orchestration_prompt: string | null;
  personality_prompt: string | null;
  pathway_conditions: PathwayConditionWire[] | null;
  kb_ids: string[];
  call_config: Record<string, unknown> | null;
  default_tools: unknown[];
  promoted_from_version_id: string | null;
  promoted_at: string | null;
  promoted_by: string | null;
  created_at: string;
  updated_at: string;
}

/** What a create or an update may write on a version (the draft). */
export type PersonaVersionFieldsWire = Pick<
  PersonaVersionWire,
  | 'orchestration_prompt'
  | 'personality_prompt'
  | 'pathway_conditions'
  | 'kb_ids'
  | 'call_config'
  | 'default_tools'
>;

export interface InboundNumberWire {
  phone_number: string;
  label: string | null;
  persona_id: string;
  persona_settings: Record<string, unknown> | null;
}

/** A persona's own fields, without its numbers and version objects. */
export interface PersonaFieldsWire {
  id: string;
  name: string;
  role: string | null;
  description: string | null;
  tags: string[];
  image_url: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  user_id: string;
  current_production_version_id: string | null;
  current_draft_version_id: string | null;
}

/** The persona object of get, list, update and promote (create leaves `inbound_numbers` out). */
export interface PersonaWire extends PersonaFieldsWire {
  inbound_numbers?: InboundNumberWire[];
  current_production_version: PersonaVersionWire | null;
  current_draft_version: PersonaVersionWire | null;
}

/** The `data` of an attach or a detach. */
export interface PersonaNumbersWire {
  id: string;
  name: string;
  user_id: string;
  inbound_numbers: InboundNumberWire[];
  created_at: string;
  updated_at: string;
}
