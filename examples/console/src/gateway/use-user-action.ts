import { useCallback, useRef, useState } from 'react';
import { createUserAction, type UserAction } from './user-action';

export type ActionState<Outcome> =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; outcome: Outcome };

/**
 * Runs a user action: `start` makes new Idempotency-Keys (a new action), `retry` runs the same
 * action again under the keys it already has, so the gateway answers what already happened from
 * its record and sends only what still needs sending.
 */
export function useUserAction<Input, Outcome>(run: (input: Input, action: UserAction) => Promise<Outcome>) {
  const [state, setState] = useState<ActionState<Outcome>>({ phase: 'idle' });
  const current = useRef<{ input: Input; action: UserAction } | null>(null);
  const execute = useCallback(
    (attempt: { input: Input; action: UserAction }) => {
      current.current = attempt;
      setState({ phase: 'running' });
      void run(attempt.input, attempt.action).then((outcome) => {
        // Only the latest action's outcome is shown.
        if (current.current === attempt) setState({ phase: 'done', outcome });
      });
    },
    [run],
  );
  const start = useCallback((input: Input) => execute({ input, action: createUserAction() }), [execute]);
  const retry = useCallback(() => {
    if (current.current) execute({ ...current.current });
  }, [execute]);
  return { state, start, retry };
}
