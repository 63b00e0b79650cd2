import type { Dispatcher } from 'undici';
import { type GatewayError, InvalidInputError, UnauthenticatedError } from '../errors/payload-errors.js';
import { TransportError } from '../errors/transport-error.js';
import { type Vendor, vendorDisplayNames } from '../errors/vendor.js';
import { sendRequest, type UpstreamResponse } from '../http/send-request.js';
import { findIdProblem, type IdRule } from './id-rules.js';
import { toTransportUpstreamError } from './upstream-errors.js';
import { toVendorAnswer, type VendorAnswer } from './vendor-answer.js';

/** The largest vendor body the gateway reads; past it the answer is judged by its status alone. */
export const maxVendorBodyBytes = 1024 * 1024;

/** A key must be visible ASCII to travel in a header; anything else is refused before sending. */
const usableKey = /^[\x21-\x7e]{1,1024}$/;

/** The transport every client of a vendor shares. */
export interface VendorTransport {
  dispatcher: Dispatcher;
  timeoutMs: number;
}

/** One delete, as a vendor client describes it to {@link callVendor}. */
export interface VendorCall<Success> {
  vendor: Vendor;
  id: string;
  idRule: IdRule;
  apiKey: string | undefined;
  request: (apiKey: string) => {
    method: Dispatcher.HttpMethod;
    path: string;
    headers: Record<string, string>;
  };
  normalize: (answer: VendorAnswer) => Success | GatewayError;
}

/**
 * The path every vendor call takes: the id is checked, then the credential, and only then is
 * the vendor asked; its answer, with the credential removed from the body, is normalized.
 * Expected failures are returned, never thrown.
 */
export async function callVendor<Success>(
  transport: VendorTransport,
  call: VendorCall<Success>,
): Promise<Success | GatewayError> {
  const { vendor } = call;
  const idProblem = findIdProblem(call.id, call.idRule);
  if (idProblem) return new InvalidInputError(idProblem, vendor, null, 'id');

  const { apiKey } = call;
  if (apiKey === undefined || !usableKey.test(apiKey)) {
    return new UnauthenticatedError(describeKeyProblem(vendor, apiKey), vendor, null);
  }

  let response: UpstreamResponse;
  try {
    response = await sendRequest(transport.dispatcher, {
      ...call.request(apiKey),
      timeoutMs: transport.timeoutMs,
      maxBodyBytes: maxVendorBodyBytes,
    });
  } catch (error) {
    if (error instanceof TransportError) return toTransportUpstreamError(vendor, error, transport.timeoutMs);
    throw error;
  }
  return call.normalize(toVendorAnswer(response, apiKey));
}

function describeKeyProblem(vendor: Vendor, apiKey: string | undefined): string {
  const name = vendorDisplayNames[vendor];
  if (apiKey === undefined || apiKey === '') {
    const header = `x-${vendor.toLowerCase()}-api-key`;
    return `No ${name} API key: the gateway holds none and the request sent no ${header} header.`;
  }
  return `The ${name} API key is not usable: it must be printable ASCII without spaces.`;
}
