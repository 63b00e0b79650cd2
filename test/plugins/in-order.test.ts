import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useOnRequestInOrder } from '../../src/plugins/in-order.js';

const schema = createSchema({
  typeDefs: 'type Query { ok: Boolean }',
  resolvers: { Query: { ok: () => true } },
});

/** A hook that notes its name, then does `act`. */
function step(name: string, seen: string[], act?: Plugin['onRequest']): Plugin {
  return {
    onRequest(payload) {
      seen.push(`${name}:${new URL(payload.request.url).pathname}`);
      return act?.(payload);
    },
  };
}

/** Asks `{ ok }` of a Yoga server whose only plugin runs `plugins` in order. */
async function send(plugins: Plugin[]) {
  const yoga = createYoga({ schema, plugins: [useOnRequestInOrder(plugins)], logging: false });
  const response = await yoga.fetch('http://localhost/graphql?query=%7Bok%7D');
  return { status: response.status, body: await response.text() };
}

describe('useOnRequestInOrder', () => {
  it('runs every hook in order, and Yoga answers when none ends the response', async () => {
    const seen: string[] = [];
    const answer = await send([step('a', seen), step('b', seen), step('c', seen)]);
    expect(seen).toEqual(['a:/graphql', 'b:/graphql', 'c:/graphql']);
    expect(answer).toEqual({ status: 200, body: '{"data":{"ok":true}}' });
  });

  it('stops at the hook that ends the response', async () => {
    const seen: string[] = [];
    const answer = await send([
      step('a', seen),
      step('b', seen, ({ endResponse, fetchAPI }) =>
        endResponse(new fetchAPI.Response('ended by b', { status: 418 })),
      ),
      step('c', seen),
    ]);
    expect(seen).toEqual(['a:/graphql', 'b:/graphql']);
    expect(answer).toEqual({ status: 418, body: 'ended by b' });
  });

  it('waits for a hook that returns a promise, then goes on, or stops if it ended the response', async () => {
    const seen: string[] = [];
    const later = (act: () => void) => new Promise<void>((resolve) => setTimeout(() => resolve(act()), 10));
    const goesOn = await send([step('a', seen, () => later(() => seen.push('a done'))), step('b', seen)]);
    expect(seen).toEqual(['a:/graphql', 'a done', 'b:/graphql']);
    expect(goesOn.status).toBe(200);

    seen.length = 0;
    const ends = await send([
      step('a', seen, ({ endResponse, fetchAPI }) =>
        later(() => endResponse(new fetchAPI.Response('late', { status: 503 }))),
      ),
      step('b', seen),
    ]);
    expect(seen).toEqual(['a:/graphql']);
    expect(ends).toEqual({ status: 503, body: 'late' });
  });

  it('shows a replaced request to the hooks after it, and to Yoga', async () => {
    const seen: string[] = [];
    const answer = await send([
      step('a', seen, ({ setRequest, fetchAPI }) =>
        setRequest(
          new fetchAPI.Request('http://localhost/graphql?query=%7B__typename%7D', {
            headers: { 'x-replaced': 'yes' },
          }),
        ),
      ),
      step('b', seen, ({ request }) => {
        seen.push(`b saw x-replaced: ${request.headers.get('x-replaced')}`);
      }),
    ]);
    expect(seen).toEqual(['a:/graphql', 'b:/graphql', 'b saw x-replaced: yes']);
    expect(answer).toEqual({ status: 200, body: '{"data":{"__typename":"Query"}}' });
  });

  it('refuses a plugin with hooks other than onRequest, whose other hooks would be lost', () => {
    expect(() => useOnRequestInOrder([{ onRequest() {}, onResponse() {} }])).toThrow(TypeError);
  });
});
