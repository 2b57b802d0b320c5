// A short, human label for a machine's state value, for rejections and status ("member, standby, normal").
import type { StateValue } from 'xstate';

/**
 * The leaf state names of `value`, in document order, joined with ", ":
 * `'idle'` stays `'idle'`; a parallel `{ defined: { membership: 'member', mode: 'online' } }`
 * becomes `'member, online'`. Pure.
 */
export function stateLabel(value: StateValue): string {
  return leaves(value).join(', ');
}

function leaves(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  const out: string[] = [];
  for (const child of Object.values(value)) {
    if (child !== undefined) out.push(...leaves(child));
  }
  return out;
}
