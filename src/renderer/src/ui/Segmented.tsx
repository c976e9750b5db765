// A segmented control: a small radio group of buttons that behaves as the WAI-ARIA radio group pattern.
import { onRovingKeyDown, rovingTabIndex } from './roving-focus'

export interface SegmentedProps<T extends string> {
  /** The group's accessible name ("Transcript view"). */
  label: string
  options: readonly (readonly [T, string])[]
  value: T
  onChange: (value: T) => void
  /** Stretch the options over the whole row. */
  wide?: boolean
}

export function Segmented<T extends string>({ label, options, value, onChange, wide }: SegmentedProps<T>) {
  // If nothing is selected the first option takes the Tab stop, so the group stays reachable.
  const anySelected = options.some(([id]) => id === value)
  return (
    <div className={wide ? 'segmented wide' : 'segmented'} role="radiogroup" aria-label={label} onKeyDown={onRovingKeyDown}>
      {options.map(([id, text], i) => (
        <button
          type="button"
          key={id}
          role="radio"
          aria-checked={value === id}
          tabIndex={rovingTabIndex(anySelected ? value === id : i === 0)}
          className={value === id ? 'on' : ''}
          onClick={() => onChange(id)}
        >
          {text}
        </button>
      ))}
    </div>
  )
}
