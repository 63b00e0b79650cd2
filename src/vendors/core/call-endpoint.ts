import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { GatewayError, InvalidInputError, UnauthenticatedError, UpstreamError } from '../../domain/errors.js';
import { TransportError } from '../../domain/transport-error.js';
import { type Vendor, vendorDisplayNames } from '../../domain/vendor.js';
import { sendRequest } from '../../http/send-request.js';
import type { Shutdown } from '../../http/shutdown.js';
import { toVendorAnswer, type VendorAnswer } from './answer.js';
import { toTransportUpstreamError } from './error-factories.js';
import { findIdProblem, type IdRule } from './id-rules.js';
import type { VendorGuard } from './resilience.js';

/** The largest vendor body the gateway reads; past it the answer is judged by its status alone. */
export const maxVendorBodyBytes = 1024 * 1024;

/** A key must be visible ASCII to travel in a header; anything else is refused before sending. */
const usableKey = /^[\x21-\x7e]{1,1024}$/;

/** What every call to one vendor shares. */
export interface VendorTransport {
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Retries and the circuit breaker of this vendor. */
  guard: VendorGuard;
  /** Stopped when the gateway stops waiting for vendors at shutdown: calls then end as `TIMEOUT`. */
  shutdown: Shutdown;
  /**
   * Told about every HTTP call made (each retry is one), for metrics: `outcome` is the union
   * member or the UpstreamError reason, `status` null when no answer arrived.
   */
  onCall: (vendor: Vendor, outcome: string, status: number | null, seconds: number) => void;
}

/** One delete, as a vendor client describes it to {@link callVendor}. */
export interface VendorCall<Success> {
  vendor: Vendor;
  /** The GraphQL name of a success, e.g. `DeletePersonaSuccess`. */
  successTypename: string;
  /** Sent to the vendor as `x-request-id`, so its logs and ours meet. */
  requestId: string;
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

/** How a delete ended, and what the vendor said, for the audit trail. */
export interface VendorCallResult<Success> {
  outcome: Success | GatewayError;
  /** The outcome's union member name: the success type or the error class. */
  typename: string;
  /** The HTTP status of the vendor's last answer; null when none arrived. */
  status: number | null;
  /** Attempts to reach the vendor, retries included (a refused connection counts); 0 when the gateway refused it first. */
  attempts: number;
}

/**
 * The path every vendor call takes: the id is checked, then the credential, and only then is
 * the vendor asked, under its guard; each answer, with the credential removed, is normalized.
 * Expected failures are returned, never thrown.
 */
export async function callVendor<Success>(
  transport: VendorTransport,
  call: VendorCall<Success>,
): Promise<VendorCallResult<Success>> {
  const { vendor, apiKey } = call;
  const typenameOf = (outcome: unknown) =>
    outcome instanceof GatewayError ? outcome.name : call.successTypename;
  const refused = (outcome: GatewayError) => ({ outcome, typename: outcome.name, status: null, attempts: 0 });

  const idProblem = findIdProblem(call.id, call.idRule);
  if (idProblem) return refused(new InvalidInputError(idProblem, vendor, null, 'id'));
  if (apiKey === undefined || !usableKey.test(apiKey)) {
    return refused(new UnauthenticatedError(describeKeyProblem(vendor, apiKey), vendor, null));
  }

  let attempts = 0;
  const attempt = async () => {
    attempts += 1;
    const started = performance.now();
    const result = await sendOnce(transport, call, apiKey);
    const label =
      result.outcome instanceof UpstreamError ? result.outcome.reason : typenameOf(result.outcome);
    transport.onCall(vendor, label, result.status, (performance.now() - started) / 1000);
    return result;
  };
  const { outcome, status } = await untilShutdown(vendor, transport.guard.run(attempt), transport.shutdown);
  return { outcome, typename: typenameOf(outcome), status, attempts };
}

/** One HTTP call to the vendor and its normalized answer. */
async function sendOnce<Success>(
  transport: VendorTransport,
  call: VendorCall<Success>,
  apiKey: string,
): Promise<{ outcome: Success | GatewayError; status: number | null }> {
  const request = call.request(apiKey);
  try {
    const response = await sendRequest(transport.dispatcher, {
      ...request,
      headers: { ...request.headers, 'x-request-id': call.requestId },
      timeoutMs: transport.timeoutMs,
      maxBodyBytes: maxVendorBodyBytes,
      shutdown: transport.shutdown,
    });
    return { outcome: call.normalize(toVendorAnswer(response, apiKey)), status: response.status };
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { outcome: toTransportUpstreamError(call.vendor, error, transport.timeoutMs), status: null };
  }
}

/**
 * The guarded call, or `TIMEOUT` as soon as the gateway stops waiting at shutdown (a call waiting
 * out a retry's backoff would otherwise hold the answer past the shutdown deadline).
 */
function untilShutdown<Result>(
  vendor: Vendor,
  call: Promise<Result>,
  shutdown: Shutdown,
): Promise<Result | { outcome: UpstreamError; status: null }> {
  const stopped = () => ({
    outcome: toTransportUpstreamError(vendor, new TransportError('TIMEOUT', 'GATEWAY_SHUTDOWN', true), 0),
    status: null,
  });
  if (shutdown.stopped) return Promise.resolve(stopped());
  return new Promise((resolve, reject) => {
    const onStop = () => resolve(stopped());
    shutdown.listen(onStop);
    call.then(resolve, reject).finally(() => shutdown.unlisten(onStop));
  });
}

function describeKeyProblem(vendor: Vendor, apiKey: string | undefined): string {
  const name = vendorDisplayNames[vendor];
  if (apiKey === undefined || apiKey === '') {
    const header = `x-${vendor.toLowerCase()}-api-key`;
    return `No ${name} API key: the gateway holds none and the request sent no ${header} header.`;
  }
  return `The ${name} API key is not usable: it must be printable ASCII without spaces.`;
}
