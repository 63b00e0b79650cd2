import { describe, expect, it } from 'vitest';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { useSandboxGateway } from '../helpers/sandbox-gateway.js';

const deletablePersona = '11111111-1111-4111-8111-111111111111';
const personaInUse = '22222222-2222-4222-8222-222222222222';
const deletableDisposition = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const othersDisposition = '44444444-4444-4444-8444-444444444444';

const personaNotFound = (personaId: string) => ({
  data: {
    deletePersona: {
      __typename: 'PersonaNotFoundError',
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
      personaId,
    },
  },
});

const personaDeleted = (personaId: string) => ({
  data: {
    deletePersona: {
      __typename: 'DeletePersonaSuccess',
      personaId,
      message: 'Persona deleted successfully',
    },
  },
});

const dispositionNotFound = (dispositionId: string) => ({
  data: {
    deleteDisposition: {
      __typename: 'DispositionNotFoundError',
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
      dispositionId,
    },
  },
});

const dispositionDeleted = (dispositionId: string) => ({
  data: {
    deleteDisposition: {
      __typename: 'DeleteDispositionSuccess',
      dispositionId,
      message: 'Disposition deleted successfully',
    },
  },
});

describe('gateway info', () => {
  const { sandbox, gateway } = useSandboxGateway();

  it('reports SANDBOX mode, loopback vendor URLs and a server-held key for each vendor', async () => {
    const response = await gateway().graphql('{ gateway { mode vendors { vendor baseUrl hasServerKey } } }');
    expect(response.body).toEqual({
      data: {
        gateway: {
          mode: 'SANDBOX',
          vendors: [
            { vendor: 'BLAND', baseUrl: sandbox().bland.baseUrl, hasServerKey: true },
            { vendor: 'BOLNA', baseUrl: sandbox().bolna.baseUrl, hasServerKey: true },
          ],
        },
      },
    });
    expect(sandbox().bland.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox().bolna.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox().bland.baseUrl).not.toBe(sandbox().bolna.baseUrl);
  });

  it('never shows the built-in keys in the answer', async () => {
    const response = await gateway().graphql('{ gateway { mode vendors { vendor baseUrl hasServerKey } } }');
    expect(response.text).not.toContain(sandbox().bland.apiKey as string);
    expect(response.text).not.toContain(sandbox().bolna.apiKey as string);
  });
});

describe('Bland personas', () => {
  const { gateway } = useSandboxGateway();
  const deletePersona = (id: string, force = false) =>
    gateway().graphql(deletePersonaMutation, { variables: { id, force } });

  it('deletes the deletable persona, then reports it not found (the delete persists)', async () => {
    expect((await deletePersona(deletablePersona)).body).toEqual(personaDeleted(deletablePersona));
    expect((await deletePersona(deletablePersona)).body).toEqual(personaNotFound(deletablePersona));
  });

  it('refuses the persona in use with its phone numbers and the suggestion, and it stays', async () => {
    const inUse = {
      data: {
        deletePersona: {
          __typename: 'PersonaInUseError',
          message: 'Cannot delete persona that is currently in use by phone numbers',
          vendor: 'BLAND',
          vendorCode: 'PERSONA_IN_USE',
          retryable: false,
          personaId: personaInUse,
          phoneNumbers: ['+15551234567', '+15551234568'],
          suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
        },
      },
    };
    expect((await deletePersona(personaInUse)).body).toEqual(inUse);
    expect((await deletePersona(personaInUse)).body).toEqual(inUse);
  });

  it('deletes the persona in use with force: true, then reports it not found', async () => {
    expect((await deletePersona(personaInUse, true)).body).toEqual(personaDeleted(personaInUse));
    expect((await deletePersona(personaInUse)).body).toEqual(personaNotFound(personaInUse));
  });

  it.each(['99999999-9999-4999-8999-999999999999', 'some_persona-id'])(
    'reports any other well-formed id (%s) not found',
    async (id) => {
      expect((await deletePersona(id)).body).toEqual(personaNotFound(id));
    },
  );
});

describe('Bolna dispositions', () => {
  const { gateway } = useSandboxGateway();
  const deleteDisposition = (id: string) =>
    gateway().graphql(deleteDispositionMutation, { variables: { id } });

  it('deletes the deletable disposition, then reports it not found (the delete persists)', async () => {
    expect((await deleteDisposition(deletableDisposition)).body).toEqual(
      dispositionDeleted(deletableDisposition),
    );
    expect((await deleteDisposition(deletableDisposition)).body).toEqual(
      dispositionNotFound(deletableDisposition),
    );
  });

  it("refuses another account's disposition as ForbiddenError, every time", async () => {
    const forbidden = {
      data: {
        deleteDisposition: {
          __typename: 'ForbiddenError',
          message: 'Only the owner of this disposition can delete it',
          vendor: 'BOLNA',
          vendorCode: '403',
          retryable: false,
        },
      },
    };
    expect((await deleteDisposition(othersDisposition)).body).toEqual(forbidden);
    expect((await deleteDisposition(othersDisposition)).body).toEqual(forbidden);
  });

  it('reports any other well-formed id not found', async () => {
    const id = '0b7c2f4e-5d1a-4c3b-9e8f-7a6b5c4d3e2f';
    expect((await deleteDisposition(id)).body).toEqual(dispositionNotFound(id));
  });
});

describe('a wrong per-request key', () => {
  const { gateway } = useSandboxGateway();
  const wrongBlandKey = 'sk-wrong-bland-key';
  const wrongBolnaKey = 'bn-wrong-bolna-key';

  it('is UnauthenticatedError from the Bland simulator, and deletes nothing, never showing the key', async () => {
    const response = await gateway().graphql(deletePersonaMutation, {
      variables: { id: deletablePersona },
      headers: { 'x-bland-api-key': wrongBlandKey },
    });
    expect(response.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'Unauthorized',
          vendor: 'BLAND',
          vendorCode: 'AUTH_FAILURE',
          retryable: false,
        },
      },
    });
    expect(response.text).not.toContain(wrongBlandKey);
    expect(gateway().logs.join('')).not.toContain(wrongBlandKey);
    const withBuiltInKey = await gateway().graphql(deletePersonaMutation, {
      variables: { id: deletablePersona },
    });
    expect(withBuiltInKey.body).toEqual(personaDeleted(deletablePersona));
  });

  it('is UnauthenticatedError from the Bolna simulator, and deletes nothing, never showing the key', async () => {
    const response = await gateway().graphql(deleteDispositionMutation, {
      variables: { id: deletableDisposition },
      headers: { 'x-bolna-api-key': wrongBolnaKey },
    });
    expect(response.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'Invalid or expired API key',
          vendor: 'BOLNA',
          vendorCode: '403',
          retryable: false,
        },
      },
    });
    expect(response.text).not.toContain(wrongBolnaKey);
    expect(gateway().logs.join('')).not.toContain(wrongBolnaKey);
    const withBuiltInKey = await gateway().graphql(deleteDispositionMutation, {
      variables: { id: deletableDisposition },
    });
    expect(withBuiltInKey.body).toEqual(dispositionDeleted(deletableDisposition));
  });
});
