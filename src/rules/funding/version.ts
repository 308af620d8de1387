// The version of the funding formulas, frozen into every run. Bump it whenever a formula (not a policy
// parameter) would change a result for the same snapshot; hashes do not include it, so a verify under a
// newer engine still says whether the figures are the same.
export const ENGINE_VERSION = 'funding-engine/1.0.0';
