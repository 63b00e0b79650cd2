/**
 * Floor 1: no GraphQL at all. A bare node:http server that takes the same POSTs (it reads the JSON
 * body only for the id and the operation's name), sends the same Bland call through one undici
 * pool (the read `Persona`: `GET /v1/personas/{id}`; anything else: the delete), and answers with
 * the vendor's status and JSON. What the network path costs with nothing on top.
 *
 * Environment: PORT, HOST (127.0.0.1), BLAND_BASE_URL, BLAND_API_KEY.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const vendor = new Pool(new URL(process.env.BLAND_BASE_URL ?? 'http://127.0.0.1:1').origin);
const apiKey = process.env.BLAND_API_KEY ?? '';

interface GraphQLBody {
  operationName?: unknown;
  variables?: { id?: unknown; force?: unknown };
}

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/graphql') {
    request.resume();
    response.writeHead(404).end();
    return;
  }
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const { operationName, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody;
    const id = encodeURIComponent(String(variables?.id ?? ''));
    const answer = await vendor.request(
      operationName === 'Persona'
        ? { method: 'GET', path: `/v1/personas/${id}`, headers: { authorization: apiKey } }
        : {
            method: 'DELETE',
            path: `/v1/personas/${id}?force=${variables?.force === true}`,
            headers: { authorization: apiKey },
          },
    );
    const body = await answer.body.text();
    response.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(body);
  } catch {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  }
});

server.listen(Number(process.env.PORT ?? '0'), process.env.HOST ?? '127.0.0.1');
