/** A labelled `<select>` over a closed set of string values. */
export function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (v: T) => void;
  testId?: string;
  title?: string;
  /** A class for the label (e.g. `wide`: two grid columns, for options with long names). */
  className?: string;
}) {
  return (
    <label className={props.className}>
      {props.label}
      <select
        value={props.value}
        onChange={(e) => props.onChange(props.options.find(([v]) => v === e.target.value)?.[0] ?? props.value)}
        data-testid={props.testId}
        title={props.title}
      >
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
