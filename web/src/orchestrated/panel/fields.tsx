// Small pieces the side panel's list-like forms share: add and remove buttons, and messages that
// say what a name may contain where the schema only knows its pattern.
import { ActionIcon, Button } from '@mantine/core';
import { IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';

export const COLUMN_HINT = 'Letters, digits and _, starting with a letter (up to 60)';
export const PORT_HINT = 'Letters, digits and _, starting with a letter (up to 30)';

/** The schema's message for `value`, in words a marketer can act on. */
export function hinted(
  message: string | undefined,
  value: string,
  hint: string,
): string | undefined {
  if (message === undefined) return undefined;
  if (value.trim() === '') return 'Required';
  return message === 'Has the wrong format' ? hint : message;
}

export function AddButton({
  children,
  onClick,
  disabled,
}: {
  children: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  return (
    <Button
      variant="light"
      size="xs"
      leftSection={<IconPlus size={14} />}
      onClick={onClick}
      disabled={disabled}
      style={{ alignSelf: 'flex-start' }}
    >
      {children}
    </Button>
  );
}

/** Beside an input: `top` in rows aligned to the top of their inputs, else at their bottom. */
const besideInput = (top: boolean | undefined) => (top ? { mt: 4 } : { mb: 4 });

export function RemoveButton({
  label,
  onClick,
  disabled,
  top,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  top?: boolean;
}) {
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      aria-label={label}
      onClick={onClick}
      disabled={disabled}
      {...besideInput(top)}
    >
      <IconTrash size={16} />
    </ActionIcon>
  );
}

export function MoveUpButton({
  label,
  onClick,
  top,
}: {
  label: string;
  onClick: () => void;
  top?: boolean;
}) {
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      aria-label={label}
      onClick={onClick}
      {...besideInput(top)}
    >
      <IconArrowUp size={16} />
    </ActionIcon>
  );
}

/** `items` with the entry at `index` swapped with the one before it. */
export function movedUp<T>(items: readonly T[], index: number): T[] {
  const next = [...items];
  const [before, at] = [next[index - 1], next[index]];
  if (index < 1 || before === undefined || at === undefined) return next;
  next[index - 1] = at;
  next[index] = before;
  return next;
}

/** `items` with the entry at `index` replaced. */
export function replaced<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}
