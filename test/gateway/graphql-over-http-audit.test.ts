import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  try {
    await reportRecommendations();
  } finally {
    await gateway.close();
  }
});

// The URL is read when each audit runs, after beforeAll has started the gateway.
const audits = serverAudits({ url: () => `${gateway.url}/graphql` });
const requirements = audits.filter((audit) => audit.name.startsWith('MUST '));
const recommendations = audits.filter((audit) => !audit.name.startsWith('MUST '));

/** What a failed audit saw, so a failing test names the server's answer. */
async function describeFailure(result: AuditResult) {
  if (result.status === 'ok') return null;
  const { response } = result;
  const body = response.bodyUsed ? '(body already read by the audit)' : await response.text();
  return {
    reason: result.reason,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body,
  };
}

it.each(requirements.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))(
  'passes the GraphQL-over-HTTP audit %s',
  async (_name, audit) => {
    const result = await audit.fn();

    expect(await describeFailure(result)).toBeNull();
  },
);

/** SHOULD and MAY audits are recommendations: they are run and summarised, not asserted. */
async function reportRecommendations() {
  const notOk: string[] = [];
  for (const audit of recommendations) {
    const result = await audit.fn();
    if (result.status !== 'ok') notOk.push(`${audit.id} ${result.status}: ${audit.name} (${result.reason})`);
  }
  console.info(
    `graphql-http SHOULD/MAY audits: ${recommendations.length - notOk.length}/${recommendations.length} ok` +
      (notOk.length > 0 ? `; not ok: ${notOk.join('; ')}` : ''),
  );
}
