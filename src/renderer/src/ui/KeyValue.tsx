// The label/value rows every detail panel shows (certificate fields, a connection's ends, a subnet's numbers), one
// component so they line up and read the same everywhere.
import type { ReactNode } from 'react'
import './ui.css'

export interface KeyValueProps {
  label: ReactNode
  children: ReactNode
  testId?: string
  /** Tooltip on the label (an OID, the field's RFC name). */
  title?: string
}

/** One row; renders nothing when the value is null or undefined, so optional fields need no condition. */
export function KeyValue({ label, children, testId, title }: KeyValueProps) {
  if (children === null || children === undefined) return null
  return (
    <div className="kv">
      <dt title={title}>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

export interface KeyValueGridProps {
  children: ReactNode
  /** One column instead of two. */
  single?: boolean
  /** A wider label column, for long labels. */
  wideLabels?: boolean
  className?: string
  testId?: string
}

export function KeyValueGrid({ children, single = false, wideLabels = false, className, testId }: KeyValueGridProps) {
  const cls = ['kvs', single ? 'one' : '', wideLabels ? 'label-wide' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <dl className={cls} data-testid={testId}>
      {children}
    </dl>
  )
}
