// The standalone emulator in its own process, so the load generator does not share its event
// loop (on 2 cores: one each). Talks to the parent over IPC: sends its URL, answers `cpu` with
// its CPU time, exits on `stop` or when the parent goes away.
import { startClerkEmulator } from '../../src/emulator'

const emulator = await startClerkEmulator({ port: 0, codes: 'fixed', logger: () => {} })
const send = (message: unknown) => process.send?.(message)
process.on('message', async (message) => {
  if (message === 'cpu') send({ cpu: process.cpuUsage(), memory: process.memoryUsage().rss })
  if (message === 'stop') {
    await emulator.close()
    process.exit(0)
  }
})
process.on('disconnect', () => process.exit(0))
send({ url: emulator.url })
