/**
 * Floor 2: the smallest GraphQL server for the same jobs, with the gateway's versions of
 * graphql-yoga, graphql and undici. `createYoga({ schema })` with Yoga's defaults and no plugin,
 * two hand-written resolvers that send the same Bland calls through one undici pool: the delete
 * returns the same `DeletePersonaSuccess` shape when Bland says `data.success`, the read returns
 * the persona with its numbers from one GET.
 *
 * Environment: PORT, HOST (127.0.0.1), BLAND_BASE_URL, BLAND_API_KEY.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { Pool } from 'undici';

const vendor = new Pool(new URL(process.env.BLAND_BASE_URL ?? 'http://127.0.0.1:1').origin);
const apiKey = process.env.BLAND_API_KEY ?? '';

interface BlandAnswer<Data> {
  data?: Data | null;
}

interface BlandPersona {
  id: string;
  name: string;
  inbound_numbers?: { phone_number: string; label: string | null }[];
}

async function callBland<Data>(method: 'GET' | 'DELETE', path: string): Promise<Data> {
  const answer = await vendor.request({ method, path, headers: { authorization: apiKey } });
  const body = (await answer.body.json()) as BlandAnswer<Data>;
  if (answer.statusCode !== 200 || !body.data) throw new Error(`Bland answered ${answer.statusCode}`);
  return body.data;
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type InboundNumber {
      phoneNumber: String!
      label: String
    }
    type Persona {
      id: ID!
      name: String!
      inboundNumbers: [InboundNumber!]!
    }
    type Query {
      persona(id: ID!): Persona
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
    Query: {
      persona: async (_: unknown, { id }: { id: string }) => {
        const persona = await callBland<BlandPersona>('GET', `/v1/personas/${encodeURIComponent(id)}`);
        return {
          id: persona.id,
          name: persona.name,
          inboundNumbers: (persona.inbound_numbers ?? []).map((number) => ({
            phoneNumber: number.phone_number,
            label: number.label,
          })),
        };
      },
    },
    Mutation: {
      deletePersona: async (_: unknown, { id, force }: { id: string; force: boolean }) => {
        const data = await callBland<{ success?: boolean; message?: string }>(
          'DELETE',
          `/v1/personas/${encodeURIComponent(id)}?force=${force}`,
        );
        if (data.success !== true) throw new Error('Bland did not say success');
        return { personaId: id, message: data.message ?? '' };
      },
    },
  },
});

const server = createServer(createYoga({ schema }));
server.listen(Number(process.env.PORT ?? '0'), process.env.HOST ?? '127.0.0.1');
