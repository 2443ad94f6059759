/** Files larger than this are not parsed: no record needs a megabyte, and a hostile one must not cost time. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed per document: enough for real anchors, far too few for a billion laughs. */
export const MAX_ALIAS_COUNT = 100;
