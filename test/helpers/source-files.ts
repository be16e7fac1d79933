/**
 * The TypeScript files of `src/`, as git tracks them and the working tree has them (repo-relative
 * paths): for tests that hold the source to a rule no type or lint check can state.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', 'src'], {
    encoding: 'utf8'
  })
    .split('\0')
    .filter((file) => /\.c?ts$/.test(file) && existsSync(file))
}
