/**
 * What the user's module does while it loads, watched by the app process: every `listen()` is
 * moved to a free port on 127.0.0.1 (an app starting its own server on load must not open its
 * port to the network, nor make the next app process fail on a taken port) and recorded, with
 * whether the host's own `app.listen()` called it (AppKind.isOwnListen, read from the caller's
 * stack frame). Every change is undone when the load is over.
 */
import { Server } from 'net'
import type { ListenCaller, LoadWatch } from './app-kinds/app-kind.js'

/** A server the module listened on while it loaded. */
export interface ListenedServer {
  server: Server
  /** Listened by the host's own `app.listen()` (listen mode), not by the module's own code. */
  byAppListen: boolean
}

/** The function that called the function calling this one, from V8's structured stack. */
export function callerOfCaller(): ListenCaller {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
  const prepare = Error.prepareStackTrace
  Error.prepareStackTrace = (_error, sites) => sites
  const holder: { stack?: NodeJS.CallSite[] } = {}
  // Frames from the function calling this one: [that function, its caller, …].
  Error.captureStackTrace(holder, callerOfCaller)
  // Read while the override is on: V8 formats the stack when it is first read.
  const site = holder.stack?.[1]
  Error.prepareStackTrace = prepare
  return {
    functionName: site?.getFunctionName() ?? null,
    typeName: site?.getTypeName() ?? null,
    fileName: site?.getFileName() ?? null
  }
}

/** The LoadWatch of one load: its patches, undone by restore(), and the servers it saw listen. */
export class ModuleLoadWatch implements LoadWatch {
  /** Every server listened while the watch was on, in order. */
  readonly listened: ListenedServer[] = []
  private readonly restores: Array<() => void> = []

  /**
   * Starts watching: every Server#listen is moved to 127.0.0.1:0 and recorded.
   * @param isAppListen - whether the function calling `listen()` is a host's `app.listen()`
   */
  constructor(isAppListen: (caller: ListenCaller) => boolean) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- restored by restore(), and called with .call(this)
    const listen = Server.prototype.listen as (this: Server, ...args: unknown[]) => Server
    const listened = this.listened
    this.patch(Server.prototype, 'listen', function listenWatched(this: Server, ...args: unknown[]): Server {
      listened.push({ server: this, byAppListen: isAppListen(callerOfCaller()) })
      return listen.call(
        this,
        0,
        '127.0.0.1',
        args.find((arg) => typeof arg === 'function')
      )
    } as typeof Server.prototype.listen)
  }

  patch<T extends object, K extends keyof T>(owner: T, name: K, value: T[K]): void {
    const own = Object.prototype.hasOwnProperty.call(owner, name)
    const before = owner[name]
    owner[name] = value
    this.restores.push(() => {
      if (own) owner[name] = before
      else Reflect.deleteProperty(owner, name)
    })
  }

  /** Undoes every patch, last first. */
  restore(): void {
    for (const restore of this.restores.splice(0).reverse()) restore()
  }
}
