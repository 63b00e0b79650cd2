/** An input the gateway rejected: the form control to mark, or none when no control holds it. */
export interface InvalidField {
  /** The form control's `name`, or null when the path names nothing on this form. */
  control: string | null;
  /** `InvalidInputError.field` as the gateway sent it, e.g. `input.objectiveOptions.2.value`. */
  path: string;
  message: string;
}

/**
 * The control an `InvalidInputError.field` path marks: the input path's first field
 * (`input.objectiveOptions.2.value` → `objectiveOptions`), when the form has a control of that name.
 */
export function toInvalidField(path: string, message: string, controls: readonly string[]): InvalidField {
  const [root, name] = path.split('.');
  const control = root === 'input' && name !== undefined && controls.includes(name) ? name : null;
  return { control, path, message };
}
