/** Bolna's disposition JSON as the simulator sends it: the shapes VENDORS.md shows, snake_case. */

export const subjectiveTypesWire = ['text', 'timestamp', 'numeric', 'boolean', 'email', 'regex'] as const;
export type SubjectiveTypeWire = (typeof subjectiveTypesWire)[number];

export interface SubjectiveTypeConfigWire {
  pattern: string;
  description: string | null;
}

export interface ObjectiveOptionWire {
  value: string;
  condition: string;
  sub_options: ObjectiveOptionWire[];
}

export interface DispositionWire {
  id: string;
  name: string;
  question: string;
  system_prompt: string | null;
  category: string;
  model: string;
  is_subjective: boolean;
  is_objective: boolean;
  subjective_type: SubjectiveTypeWire;
  subjective_type_config: SubjectiveTypeConfigWire | null;
  objective_options: ObjectiveOptionWire[];
  agent_ids: string[];
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** What a create or an update may write. */
export type DispositionFieldsWire = Omit<
  DispositionWire,
  'id' | 'agent_ids' | 'created_by' | 'created_at' | 'updated_at'
>;
