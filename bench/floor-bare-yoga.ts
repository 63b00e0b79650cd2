/**
 * Floor 2: the smallest GraphQL server for the same job, with the gateway's versions of
 * graphql-yoga, graphql and undici. `createYoga({ schema })` with Yoga's defaults and no plugin,
 * one hand-written resolver that sends the same Bland delete through one undici pool and returns
 * the same `DeletePersonaSuccess` shape when Bland says `data.success`.
 *
 * Environment: PORT, HOST (127.0.0.1), BLAND_BASE_URL, BLAND_API_KEY.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { Pool } from 'undici';

const vendor = new Pool(new URL(process.env.BLAND_BASE_URL ?? 'http://127.0.0.1:1').origin);
const apiKey = process.env.BLAND_API_KEY ?? '';

interface BlandAnswer {
  data?: { success?: boolean; message?: string } | null;
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      ok: Boolean
    }
    type DeletePersonaSuccess {
      personaId: ID!
      message: String!
    }
    type Mutation {
      deletePersona(id: ID!, force: Boolean! = false): DeletePersonaSuccess
    }
  `,
  resolvers: {
    Mutation: {
      deletePersona: async (_: unknown, { id, force }: { id: string; force: boolean }) => {
        const answer = await vendor.request({
          method: 'DELETE',
          path: `/v1/personas/${encodeURIComponent(id)}?force=${force}`,
          headers: { authorization: apiKey },
        });
        const body = (await answer.body.json()) as BlandAnswer;
        if (answer.statusCode !== 200 || body.data?.success !== true) {
          throw new Error(`Bland answered ${answer.statusCode}`);
        }
        return { personaId: id, message: body.data.message ?? '' };
      },
    },
  },
});

const server = createServer(createYoga({ schema }));
server.listen(Number(process.env.PORT ?? '0'), process.env.HOST ?? '127.0.0.1');
