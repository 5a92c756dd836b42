import { Caller } from '../../shared/auth/caller';
import { codeSpelledBySubject } from '../../shared/auth/own-record';
import { RegistryKey } from '../../shared/registry/keys';
import type { CallScreen, ScreenedCall, SubgraphCall } from '../transport';
import { isChange } from './person-screen';
import { KnownPeople } from './known-people';

/** What renames a caller by the pairwise subject they go by at one subgraph (the gateway's signer). */
export interface PairwiseSubjectSource {
  pairwiseCaller(caller: Caller, audience: string): Caller;
}

/** Whether `text` holds `code` as a number of its own (no digit just before or after it). */
function namesCode(text: string, code: string): boolean {
  for (let at = text.indexOf(code); at !== -1; at = text.indexOf(code, at + 1)) {
    if (!isDigit(text.charCodeAt(at - 1)) && !isDigit(text.charCodeAt(at + code.length))) return true;
  }
  return false;
}
const isDigit = (char: number): boolean => char >= 48 && char <= 57;

/**
 * The caller a registry is told of: a person signed in with their national code is named by it
 * only to a registry that holds them or keeps a record of theirs (a committee seat, say), that a change (a mutation) goes to (it records who made it),
 * or whose fetch names the code already (`me`, or a lookup of that person). To any other registry
 * the gateway names them by a pairwise subject, the same on each of their requests there, which
 * that registry cannot turn back into a code; their scopes are told as they are. A subgraph that is
 * no registry is named them the same way. Staff and
 * services, whose subjects are no national code, and anonymous callers are told as they are.
 */
export class SubjectScreen {
  private readonly codes = new WeakMap<Caller, string | null>();

  constructor(
    private readonly people: KnownPeople,
    private readonly subjects: PairwiseSubjectSource,
  ) {}

  /**
   * `screen` with each call it lets through told of its caller as above. A subgraph that is no
   * registry (`registry: false`) holds no one and keeps no one's record, so it is told the code only
   * where its fetch names it already or a change goes to it (until 2026-12-07 it was told every
   * signed-in caller's code as it was).
   */
  around(screen: CallScreen, registries: () => readonly RegistryKey[]): CallScreen {
    return (call) => {
      const code = this.personOf(call.caller);
      if (code === undefined || isChange(call)) return screen(call);
      if (!registries().includes(call.subgraph)) return this.toldOutsider(call, code, screen(call));
      const screening = screen(call);
      return screening ? screening.then((screened) => this.told(call, code, screened)) : this.told(call, code, undefined);
    };
  }

  /** The national code the caller's subject spells, however written (a registry is told it only where the code may go; remembered per caller: verified callers are frozen). */
  private personOf(caller: Caller | undefined): string | undefined {
    if (!caller?.authenticated || !caller.subject) return undefined;
    let code = this.codes.get(caller);
    if (code === undefined) {
      code = codeSpelledBySubject(caller.subject) ?? null;
      if (Object.isFrozen(caller)) this.codes.set(caller, code);
    }
    return code ?? undefined;
  }

  /** A call to a subgraph that is no registry: its caller renamed unless the fetch names their code already. */
  private toldOutsider(call: SubgraphCall, code: string, screening: Promise<ScreenedCall | undefined> | undefined): Promise<ScreenedCall | undefined> | undefined {
    if (!screening) return namesCode(call.body, code) ? undefined : Promise.resolve(this.renamedIn(call, call, undefined));
    return screening.then((screened) => {
      const sent = screened ? screened.call : call;
      return !sent || namesCode(sent.body, code) ? screened : this.renamedIn(call, sent, screened);
    });
  }

  /** `sent` (the call, or what a screen sends instead) with its caller named by their pairwise subject at the call's subgraph. */
  private renamedIn(call: SubgraphCall, sent: SubgraphCall, screened: ScreenedCall | undefined): ScreenedCall {
    const renamed: SubgraphCall = { ...sent, caller: this.subjects.pairwiseCaller(call.caller!, call.subgraph) };
    return screened ? { ...screened, call: renamed } : { call: renamed, answer: (reply) => reply! };
  }

  private async told(call: SubgraphCall, code: string, screened: ScreenedCall | undefined): Promise<ScreenedCall | undefined> {
    const sent = screened ? screened.call : call;
    if (!sent) return screened;
    const registry = call.subgraph;
    // The lists first: fresh, they answer at once, before the body is searched for the code.
    const lists = this.people.listsToScreen(registry, true);
    if (lists instanceof Promise) {
      if (namesCode(sent.body, code)) return screened;
      // A registry whose lists cannot be read is told no one's code.
      const read = await lists.catch(() => undefined);
      if (read && KnownPeople.keepRecordOf(read, code)) return screened;
    } else if (KnownPeople.keepRecordOf(lists, code) || namesCode(sent.body, code)) return screened;
    return this.renamedIn(call, sent, screened);
  }
}
