/** The lesson link the page was opened with (`?variant=…&epochs=…&hide=…&embed&draw=…`), read once. */
import { parseLessonLink, type ParsedLink } from '../../shared/links/lesson-link.ts';

export const INITIAL_LINK: ParsedLink = parseLessonLink(globalThis.location?.search ?? '');
