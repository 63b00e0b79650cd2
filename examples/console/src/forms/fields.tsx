import type { InvalidField } from './invalid-field';

interface FieldProps {
  label: string;
  /** The form control's name: also the input field it sends, so an InvalidInputError path finds it. */
  name: string;
  invalid: InvalidField | null;
}

/** The message beside a control the gateway rejected, and the attributes that mark it. */
function markOf(name: string, invalid: InvalidField | null) {
  const marked = invalid?.control === name;
  const errorId = `${name}-error`;
  return {
    attributes: { 'aria-invalid': marked, 'aria-describedby': marked ? errorId : undefined },
    message: marked ? (
      <span className="field-error" id={errorId}>
        {invalid.message}
      </span>
    ) : null,
  };
}

export function TextField({ label, name, invalid, defaultValue }: FieldProps & { defaultValue: string }) {
  const mark = markOf(name, invalid);
  return (
    <label>
      {label}
      <input name={name} defaultValue={defaultValue} {...mark.attributes} />
      {mark.message}
    </label>
  );
}

export function TextAreaField({
  label,
  name,
  invalid,
  defaultValue,
  readOnly = false,
  hint,
}: FieldProps & { defaultValue: string; readOnly?: boolean; hint?: string }) {
  const mark = markOf(name, invalid);
  return (
    <label>
      {label}
      {hint ? <small> ({hint})</small> : null}
      <textarea name={name} defaultValue={defaultValue} rows={4} readOnly={readOnly} {...mark.attributes} />
      {mark.message}
    </label>
  );
}

export function CheckboxField({
  label,
  name,
  invalid,
  defaultChecked,
}: FieldProps & { defaultChecked: boolean }) {
  const mark = markOf(name, invalid);
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} {...mark.attributes} /> {label}
      {mark.message}
    </label>
  );
}

export function SelectField({
  label,
  name,
  invalid,
  defaultValue,
  options,
}: FieldProps & { defaultValue: string; options: readonly string[] }) {
  const mark = markOf(name, invalid);
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue} {...mark.attributes}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {mark.message}
    </label>
  );
}

/** A failure that names no control of the form (the id, or a path the form has no input for). */
export function FormLevelInvalid({ invalid }: { invalid: InvalidField | null }) {
  if (invalid === null || invalid.control !== null) return null;
  return (
    <div className="failure" role="alert" data-member="InvalidInputError">
      <strong>Invalid {invalid.path}:</strong> {invalid.message}
    </div>
  );
}

/** A form control's text from the submitted form. */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
