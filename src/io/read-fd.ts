// The file-system guard lives in fs-guard.ts; this name is kept for modules that import it from here.
export { readToSize } from "./fs-guard.js";
