import type { Translate } from '../i18n/index.ts';

export interface ProgressState {
  checksDone: number;
  checksTotal: number;
  learnersDone: number;
  learnersTotal: number;
}

/** One line: a bar of the checks done, then learners and checks as counts. */
export function progressLine(state: ProgressState, t: Translate, width: number): string {
  const share = state.checksTotal > 0 ? Math.min(1, state.checksDone / state.checksTotal) : 1;
  const full = Math.round(share * width);
  const bar = '█'.repeat(full) + '░'.repeat(width - full);
  return `${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${t('class.progress', {
    learners: state.learnersDone,
    learnersTotal: state.learnersTotal,
    checks: state.checksDone,
    checksTotal: state.checksTotal,
  })}`;
}

/**
 * Draws the progress line in place on a terminal (stderr), at most every `everyMs`.
 * Anywhere else it writes nothing: a log file needs no bar.
 */
export class ProgressBar {
  private readonly state: ProgressState;
  private last = 0;
  private drawn = false;
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly t: Translate,
    learnersTotal: number,
    checksTotal: number,
    private readonly everyMs = 100,
  ) {
    this.state = { checksDone: 0, checksTotal, learnersDone: 0, learnersTotal };
  }

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  check(): void {
    this.state.checksDone++;
    this.draw(false);
  }

  learner(): void {
    this.state.learnersDone++;
    this.draw(this.state.learnersDone === this.state.learnersTotal);
  }

  start(): void {
    this.draw(true);
  }

  /** Removes the line, so the report starts on a clean line. */
  clear(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < this.everyMs) return;
    this.last = now;
    const columns = this.stream.columns || 80; // 0 when the terminal does not say
    const line = progressLine(this.state, this.t, Math.max(10, Math.min(30, columns - 50)));
    this.stream.write('\r' + line.slice(0, columns - 1) + '\u001b[K');
    this.drawn = true;
  }
}
