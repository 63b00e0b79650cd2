/** A `PersonaNotFoundError` or `DispositionNotFoundError`, as every page shows it. */
export type NotFound =
  | { __typename: 'PersonaNotFoundError'; personaId: string; message: string }
  | { __typename: 'DispositionNotFoundError'; dispositionId: string; message: string };

export function NotFoundView({ notFound }: { notFound: NotFound }) {
  const [kind, id] =
    notFound.__typename === 'PersonaNotFoundError'
      ? ['persona', notFound.personaId]
      : ['disposition', notFound.dispositionId];
  return (
    <div className="failure" role="alert" data-member={notFound.__typename}>
      <strong>
        No {kind} {id}:
      </strong>{' '}
      {notFound.message}
    </div>
  );
}
