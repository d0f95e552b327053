import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file picker: its label is in the page's language (a bare file input
 * speaks the browser's, "Choose Files / No file chosen"). The input stays in the DOM, hidden, with
 * its own test id, so tests can hand it files directly.
 */
export function FileButton(props: {
  children: ReactNode;
  /** The hidden input's accessible name. */
  label: string;
  accept: string;
  onFiles: (files: File[]) => void;
  buttonTestId: string;
  inputTestId: string;
  disabled?: boolean;
  title?: string | undefined;
}) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        data-testid={props.buttonTestId}
        disabled={props.disabled}
        title={props.title}
        onClick={() => ref.current?.click()}
      >
        {props.children}
      </button>
      <input
        ref={ref}
        type="file"
        multiple
        hidden
        accept={props.accept}
        data-testid={props.inputTestId}
        aria-label={props.label}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Cleared, so picking the same files again fires a change too.
          e.target.value = '';
          if (files.length) props.onFiles(files);
        }}
      />
    </>
  );
}
