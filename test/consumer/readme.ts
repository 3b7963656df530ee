import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The README as a user reads it: sections, the files its code blocks name, the commands it
 * says to run. The consumer tests build their apps from these, so a README step that is
 * missing or wrong fails a test instead of a user.
 *
 * Conventions the README keeps:
 * - a code block whose first line is a comment naming a file (`// nuxt.config.ts`,
 *   `<!-- app/pages/sign-in/index.vue -->`) is that file's whole content;
 * - commands are the non-comment lines of ```bash blocks (`a && b` is two commands, a
 *   trailing `# comment` is dropped).
 */

const README = fileURLToPath(new URL('../../README.md', import.meta.url))

export interface CodeBlock { lang: string, code: string }
export interface ReadmeFile { path: string, content: string }

export function readme(): string {
  return readFileSync(README, 'utf8')
}

/** The text of the section titled `title` (any heading level), up to the next heading of the same or a higher level. */
export function section(title: string, text = readme()): string {
  const lines = text.split('\n')
  const start = lines.findIndex(line => /^#{2,4} /.test(line) && line.replace(/^#+ /, '').trim() === title)
  if (start < 0) throw new Error(`README has no section "${title}"`)
  const level = lines[start]!.match(/^#+/)![0].length
  let end = lines.length
  let inCode = false
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith('```')) inCode = !inCode
    const heading = !inCode && lines[i]!.match(/^(#+) /)
    if (heading && heading[1]!.length <= level) {
      end = i
      break
    }
  }
  return lines.slice(start + 1, end).join('\n')
}

/** Fenced code blocks of `text`, in order. */
export function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  const fence = /^( *)```(\w*)(?:[ \t][^\n]*)?\n([\s\S]*?)^\1```/gm
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const indent = match[1]!.length
    const code = match[3]!.split('\n').map(line => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n')
    blocks.push({ lang: match[2] ?? '', code })
  }
  return blocks
}

const FILE_COMMENT = /^(?:\/\/|<!--|#)\s*([\w@./-]+\.\w+)(?:\s*-->)?$/

/** The files the blocks of `text` name on their first line, content without that line. */
export function files(text: string): ReadmeFile[] {
  return codeBlocks(text).flatMap(({ code }) => {
    const [first = '', ...rest] = code.split('\n')
    const match = first.trim().match(FILE_COMMENT)
    return match ? [{ path: match[1]!, content: rest.join('\n') }] : []
  })
}

/** The commands of the ```bash blocks of `text`. */
export function commands(text: string): string[] {
  return codeBlocks(text)
    .filter(block => block.lang === 'bash' || block.lang === 'sh')
    .flatMap(block => block.code.split('\n'))
    .map(line => line.replace(/\s+#.*$/, '').trim())
    .filter(line => line && !line.startsWith('#'))
    .flatMap(line => line.split('&&').map(part => part.trim()))
}

/** The one `npm i …` / `npm install …` command of `text` that installs packages, split into words. */
export function installCommand(text: string, filter: (cmd: string) => boolean = () => true): string[] {
  const found = commands(text).filter(cmd => /^npm (?:i|install)\s+\S/.test(cmd) && filter(cmd))
  if (found.length !== 1) throw new Error(`expected one npm install line, found ${JSON.stringify(found)}`)
  return found[0]!.split(/\s+/)
}
