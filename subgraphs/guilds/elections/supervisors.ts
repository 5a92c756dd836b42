import { InputChecker } from '../../../shared/errors';
import { checkNationalCode } from '../../../shared/validation';
import { ElectionDocument } from './documents';

const MAX_DECIDING = 5;

/**
 * The supervisors an input says decided (a disqualification, a tie-break): one to five of the
 * election's own supervisors, each once. Problems are recorded under `field` and `field[i]`.
 */
export function checkDecidingSupervisors(checker: InputChecker, field: string, values: readonly string[], election: ElectionDocument | undefined): string[] {
  if (values.length === 0 || values.length > MAX_DECIDING) checker.add(field, `name 1 to ${MAX_DECIDING} of the election's supervisors who decided; got ${values.length}`);
  const codes: string[] = [];
  values.slice(0, MAX_DECIDING).forEach((value, i) => {
    const code = checkNationalCode(checker, `${field}[${i}]`, value);
    if (!code) return;
    if (codes.includes(code)) checker.add(`${field}[${i}]`, `${code} is listed twice`);
    else if (election && !election.supervisorNationalCodes.includes(code)) {
      checker.add(
        `${field}[${i}]`,
        election.supervisorNationalCodes.length === 0
          ? `${election._id} has no supervisors recorded, so none can decide`
          : `${code} does not supervise ${election._id}; its supervisors are ${election.supervisorNationalCodes.join(', ')}`,
      );
    } else codes.push(code);
  });
  return codes;
}
