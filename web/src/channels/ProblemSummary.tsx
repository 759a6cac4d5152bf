// Every problem of the configuration in one list above the form; each names its field and a
// click takes the cursor there.
import { Alert, List, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { FieldErrors } from '../api/forms.ts';
import { fieldId, labelOf } from './fields.ts';

function reveal(path: string): void {
  // A field inside a collapsed or missing part is not there; its section's heading is close enough.
  for (let at = path; at; at = at.slice(0, at.lastIndexOf('/'))) {
    const element = document.getElementById(fieldId(at));
    if (element) {
      element.scrollIntoView({ block: 'center' });
      element.focus({ preventScroll: true });
      return;
    }
  }
}

/** Where a problem's field is in the form, so the list reads top to bottom like the form. */
function positionOf(path: string, fields: Element[]): number {
  for (let at = path; at; at = at.slice(0, at.lastIndexOf('/'))) {
    const element = document.getElementById(fieldId(at));
    if (element) return fields.indexOf(element);
  }
  return Number.MAX_SAFE_INTEGER;
}

export function ProblemSummary({ title, errors }: { title: string; errors: FieldErrors }) {
  const fields = [...document.querySelectorAll('[id^="field-"]')];
  const entries = Object.entries(errors).sort(
    ([a], [b]) => positionOf(a, fields) - positionOf(b, fields),
  );
  if (entries.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      role="alert"
      aria-label="Problems"
    >
      <Text size="sm" mb={6}>
        {entries.length === 1
          ? 'One field needs attention:'
          : `${entries.length} fields need attention:`}
      </Text>
      <List size="sm" spacing={2} listStyleType="none">
        {entries.map(([path, message]) => (
          <List.Item key={path}>
            <UnstyledButton
              onClick={() => reveal(path)}
              style={{ fontSize: 'var(--mantine-font-size-sm)', textAlign: 'left' }}
            >
              <b>{labelOf(path)}</b> — {message}
            </UnstyledButton>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
