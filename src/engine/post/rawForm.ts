// What each input reader (JSON, HTML, curl) hands to the model builder: the action URL and the form's
// entries in the order they are sent, the file's place among them marked.
import type { PostInputKind } from './model';

export interface RawEntry {
  readonly name: string;
  readonly value: string;
  /** The file part: its value is not known, only its place. */
  readonly isFile?: boolean;
}

export interface RawForm {
  readonly kind: PostInputKind;
  readonly url?: string;
  readonly entries: readonly RawEntry[];
  readonly notes: readonly string[];
}

/** More fields than any form S3 takes (its fields before the file are limited to 20 KB). */
export const MAX_FORM_ENTRIES = 1000;
