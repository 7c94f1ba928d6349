/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The known key closest to `given`, if it is close enough to be a likely typo. */
export function closest(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  const tolerance = Math.max(2, Math.floor(given.length / 3));
  let bestDistance = tolerance + 1;
  for (const candidate of known) {
    // The distance is at least the difference in length: a candidate that can't be closer isn't measured.
    if (Math.abs(candidate.length - given.length) >= bestDistance) continue;
    const distance = editDistance(given, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The message for a key that the schema does not know, with the closest known key as a suggestion. */
export function unknownKeyMessage(key: string, known: readonly string[], consequence = ''): string {
  const suggestion = closest(key, known);
  return `unknown key${consequence}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function alternatives(options: readonly string[]): string {
  const unique = [...new Set(options)];
  return unique.length <= 1
    ? (unique[0] ?? 'another value')
    : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}
