import { main } from '../../src/cli';

/** Runs the CLI in this process, collecting what it prints. */
export function runCli(argv: readonly string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { status: main([...argv]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
