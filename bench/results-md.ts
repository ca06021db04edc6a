// bench/RESULTS.md as a pure function of the figures and the machine they were measured on.
import type { BenchFigure } from './figure.js';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
  readonly commit: string;
}

export interface Section {
  readonly title: string;
  readonly figures: readonly BenchFigure[];
  /** The module threw: none of its figures is reported, and this says why. */
  readonly failed?: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** `notes`: hand-written markdown (bench/results-notes.md) appended after the figures. */
export function renderResults(machine: Machine, sections: readonly Section[], notes = ''): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand.',
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}`,
    `- Node: ${machine.node}`,
    `- Date: ${machine.date}`,
    `- Commit: ${machine.commit}`,
    '- Reproduce: `npm ci && npm run bench`',
  ];
  for (const section of sections) {
    lines.push('', `## ${section.title}`, '');
    if (section.failed !== undefined) {
      lines.push(`**FAILED, no figure reported:** ${section.failed}`);
      continue;
    }
    lines.push('| figure | value | target | met | note |', '|---|---|---|---|---|');
    for (const f of section.figures) {
      lines.push(
        `| ${cell(f.name)} | ${f.value} ${cell(f.unit)} | ${cell(f.target)} | ${f.met ? 'met' : 'NOT MET'} | ${cell(f.note ?? '')} |`,
      );
    }
  }
  if (notes.trim() !== '') lines.push('', notes.trim());
  return `${lines.join('\n')}\n`;
}
