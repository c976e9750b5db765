// THE contract: every method the renderer may call and every event main may send, assembled from one file per
// area. The router, the preload allowlist, the CLI and the renderer's api client all derive from this object.
import type { z } from 'zod'
import { appEvents, appMethods } from './app'
import { connectionEvents, connectionMethods } from './connections'
import { subnetMethods } from './subnets'
import { certificateEvents, certificateMethods } from './certificates'
import { jobEvents, jobMethods } from './jobs'
import { dnsMethods } from './dns'
import { httpMethods } from './http'
import { jwtMethods } from './jwt'
import { wsEvents, wsMethods } from './ws'
import { walkthroughMethods } from './walkthrough'
import { tlsMethods } from './tls'
import type { EventSpec, JobStarted, MethodSpec } from './define'

export const methods = {
  ...appMethods,
  ...connectionMethods,
  ...subnetMethods,
  ...certificateMethods,
  ...dnsMethods,
  ...httpMethods,
  ...jwtMethods,
  ...wsMethods,
  ...walkthroughMethods,
  ...tlsMethods,
  ...jobMethods
} as const satisfies Record<string, MethodSpec>

export const events = {
  ...appEvents,
  ...connectionEvents,
  ...certificateEvents,
  ...wsEvents,
  ...jobEvents
} as const satisfies Record<string, EventSpec>

export type Methods = typeof methods
export type MethodName = keyof Methods
export type Events = typeof events
export type EventName = keyof Events

export type InputOf<M extends MethodName> = z.input<Methods[M]['input']>
export type ParsedInputOf<M extends MethodName> = z.output<Methods[M]['input']>
/** What a method (or, for a job, its 'job.finished') produces. */
export type ResultOf<M extends MethodName> = Methods[M] extends MethodSpec<z.ZodType, infer O> ? O : never
/** What a call answers: the output, or {jobId} for a job. */
export type OutputOf<M extends MethodName> = Methods[M] extends { job: true } ? JobStarted : ResultOf<M>
export type JobMethodName = { [M in MethodName]: Methods[M] extends { job: true } ? M : never }[MethodName]
export type PayloadOf<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never

export interface EventEnvelope<E extends EventName = EventName> {
  name: E
  payload: PayloadOf<E>
}

export const METHOD_NAMES = Object.keys(methods) as MethodName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isJobMethod(name: MethodName): boolean {
  return (methods[name] as MethodSpec).job === true
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}

export type { Result, MethodSpec, EventSpec, JobSpec, JobStarted } from './define'
export * from './common'
export * from './connections'
export * from './app'
export * from './subnets'
export * from './certificates'
export * from './jobs'
export * from './dns'
export * from './http'
export * from './jwt'
export * from './ws'
export * from './walkthrough'
export * from './tls'
