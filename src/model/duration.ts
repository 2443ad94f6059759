// Durations and instants are read by the one time module; this name stays for the modules that import it.
export { parseDuration, parseTime } from "./time.js";
