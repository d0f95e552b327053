/**
 * A message the store keeps for the user as a catalogue key and its values, not as English text:
 * the component that shows it says it in the page's language (`t(m.key, m.params)`), and a language
 * switch re-says the message already on screen.
 */
export interface Message {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export const message = (key: string, params?: Readonly<Record<string, string | number>>): Message =>
  params === undefined ? { key } : { key, params };
