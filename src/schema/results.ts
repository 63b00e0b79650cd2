import { GatewayError } from '../domain/errors.js';

/**
 * A call's outcome as a resolver's: a union member is thrown, so the errors plugin turns it into
 * data; a success is returned. (Loaders do this themselves: they reject with the member.)
 */
export async function toResult<Success>(outcome: Promise<Success | GatewayError>): Promise<Success> {
  const settled = await outcome;
  if (settled instanceof GatewayError) throw settled;
  return settled;
}
