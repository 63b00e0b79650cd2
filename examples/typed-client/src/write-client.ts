import { describeFailure, execute, type GatewayClientOptions } from './client.js';
import type {
  CreateDispositionInput,
  CreateDispositionMutation,
  CreateDispositionsMutation,
  CreatePersonaInput,
  CreatePersonaMutation,
  DispositionInput,
  PromotePersonaDraftMutation,
  UpdateDispositionInput,
  UpdateDispositionMutation,
  UpdatePersonaInput,
  UpdatePersonaMutation,
} from './generated/graphql.js';
import {
  CreateDispositionDocument,
  CreateDispositionsDocument,
  CreatePersonaDocument,
  PromotePersonaDraftDocument,
  UpdateDispositionDocument,
  UpdatePersonaDocument,
} from './operations.js';

export type CreatePersonaResult = CreatePersonaMutation['createPersona'];
export type UpdatePersonaResult = UpdatePersonaMutation['updatePersona'];
export type PromotePersonaDraftResult = PromotePersonaDraftMutation['promotePersonaDraft'];
export type CreateDispositionResult = CreateDispositionMutation['createDisposition'];
export type UpdateDispositionResult = UpdateDispositionMutation['updateDisposition'];
export type CreateDispositionsResult = CreateDispositionsMutation['createDispositions'];

/** The persona a write answers, as one line. */
function personaLine(persona: {
  id: string;
  name: string;
  productionVersion?: { versionNumber: number } | null;
  draftVersion?: { versionNumber: number } | null;
}): string {
  const production = persona.productionVersion?.versionNumber ?? 'none';
  const draft = persona.draftVersion?.versionNumber ?? 'none';
  return `"${persona.name}": production version ${production}, draft version ${draft}`;
}

/** One line for every member of `CreatePersonaPayload` (the new id is left out: it differs each run). */
export function describeCreatePersona(payload: CreatePersonaResult): string {
  switch (payload.__typename) {
    case 'CreatePersonaSuccess':
      return `created persona ${personaLine(payload.persona)}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled CreatePersonaPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for every member of `UpdatePersonaPayload`. */
export function describeUpdatePersona(payload: UpdatePersonaResult): string {
  switch (payload.__typename) {
    case 'UpdatePersonaSuccess':
      return `updated persona ${payload.persona.id} ${personaLine(payload.persona)}`;
    case 'PersonaNotFoundError':
      return `persona ${payload.personaId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled UpdatePersonaPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for every member of `PromotePersonaDraftPayload`. */
export function describePromotePersonaDraft(payload: PromotePersonaDraftResult): string {
  switch (payload.__typename) {
    case 'PromotePersonaDraftSuccess':
      return `promoted persona ${payload.persona.id} ${personaLine(payload.persona)}`;
    case 'PersonaNotFoundError':
      return `persona ${payload.personaId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'NoDraftVersionError':
      return `persona ${payload.personaId} has no draft to promote: ${payload.message}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled PromotePersonaDraftPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for every member of `CreateDispositionPayload` (the new id differs each run). */
export function describeCreateDisposition(payload: CreateDispositionResult): string {
  switch (payload.__typename) {
    case 'CreateDispositionSuccess':
      return `created a disposition (Bolna can take a few seconds to find it): ${payload.message}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled CreateDispositionPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for every member of `UpdateDispositionPayload`. */
export function describeUpdateDisposition(payload: UpdateDispositionResult): string {
  switch (payload.__typename) {
    case 'UpdateDispositionSuccess':
      return payload.copied
        ? `left disposition ${payload.originalId} to its other agents and made a copy with the edit: ${payload.message}`
        : `updated disposition ${payload.dispositionId} in place: ${payload.message}`;
    case 'DispositionNotFoundError':
      return `disposition ${payload.dispositionId} not found (${payload.vendor} ${payload.vendorCode ?? 'no code'})`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled UpdateDispositionPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** One line for every member of `CreateDispositionsPayload`. */
export function describeCreateDispositions(payload: CreateDispositionsResult): string {
  switch (payload.__typename) {
    case 'CreateDispositionsSuccess':
      return `created ${payload.dispositionIds.length} dispositions: ${payload.message}`;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return describeFailure(payload);
    default: {
      const unhandled: never = payload;
      throw new Error(`unhandled CreateDispositionsPayload member: ${JSON.stringify(unhandled)}`);
    }
  }
}

export async function createPersona(
  options: GatewayClientOptions,
  input: CreatePersonaInput,
): Promise<string> {
  return describeCreatePersona((await execute(options, CreatePersonaDocument, { input })).createPersona);
}

export async function updatePersona(
  options: GatewayClientOptions,
  id: string,
  input: UpdatePersonaInput,
): Promise<string> {
  return describeUpdatePersona((await execute(options, UpdatePersonaDocument, { id, input })).updatePersona);
}

export async function promotePersonaDraft(options: GatewayClientOptions, id: string): Promise<string> {
  const data = await execute(options, PromotePersonaDraftDocument, { id });
  return describePromotePersonaDraft(data.promotePersonaDraft);
}

export async function createDisposition(
  options: GatewayClientOptions,
  input: CreateDispositionInput,
): Promise<string> {
  const data = await execute(options, CreateDispositionDocument, { input });
  return describeCreateDisposition(data.createDisposition);
}

export async function updateDisposition(
  options: GatewayClientOptions,
  id: string,
  input: UpdateDispositionInput,
): Promise<string> {
  const data = await execute(options, UpdateDispositionDocument, { id, input });
  return describeUpdateDisposition(data.updateDisposition);
}

export async function createDispositions(
  options: GatewayClientOptions,
  agentId: string,
  inputs: DispositionInput[],
): Promise<string> {
  const data = await execute(options, CreateDispositionsDocument, { agentId, inputs });
  return describeCreateDispositions(data.createDispositions);
}
