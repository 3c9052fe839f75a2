// Version of everything that decides a distance: tokenizer rules, file-model naming, vector weighting, index search.

/**
 * Bump by one whenever a change can alter a token, a model name or a distance for the same input (tokenizer rules,
 * error weighting, IDF formula, de-duplication key). Cached models and saved reports carry it, and a mismatch means
 * they must be rebuilt rather than compared. Pure refactors and speed-ups that keep every distance do not bump it.
 */
export const MODEL_VERSION = 9;
