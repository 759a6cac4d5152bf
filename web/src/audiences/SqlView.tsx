// The PostgreSQL query an audience compiles to, behind a "Show SQL" toggle.
import { Button, Code, Collapse, CopyButton, Group, Text } from '@mantine/core';
import { IconCode } from '@tabler/icons-react';
import { useId, useState } from 'react';

export function SqlView({
  readable,
  loading,
}: {
  readable: string | undefined;
  loading?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div>
      <Group gap="xs">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconCode size={14} />}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
          disabled={readable === undefined && !loading}
        >
          {open ? 'Hide SQL' : 'Show SQL'}
        </Button>
        {open && readable !== undefined && (
          <CopyButton value={readable}>
            {({ copied, copy }) => (
              <Button variant="subtle" size="xs" color={copied ? 'teal' : 'gray'} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        )}
      </Group>
      <Collapse expanded={open} id={id}>
        {readable === undefined ? (
          <Text size="sm" c="dimmed" mt="xs">
            The query appears once the rule can be evaluated.
          </Text>
        ) : (
          <Code
            block
            mt="xs"
            aria-label="Audience SQL"
            style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}
          >
            {readable}
          </Code>
        )}
      </Collapse>
    </div>
  );
}
