// A code editor (CodeMirror 6) for HTML, MJML and plain text with personalization tags
// highlighted and template problems marked at their line and column. Loaded lazily: it is the
// heaviest code of the console.
import { html } from '@codemirror/lang-html';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { Box, Input } from '@mantine/core';
import { basicSetup } from 'codemirror';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';

export interface EditorProblem {
  line: number;
  column: number;
  message: string;
}

export interface CodeEditorHandle {
  /** Replaces the selection with text and focuses the editor. */
  insert(text: string): void;
  /** Puts the cursor at a line and column and focuses the editor. */
  reveal(line: number, column: number): void;
}

const tagMark = Decoration.mark({ class: 'cm-clarion-tag' });
const tagDecorator = new MatchDecorator({
  regexp: /\{\{[\s\S]*?\}\}\}?|\{%[\s\S]*?%\}/g,
  decoration: () => tagMark,
});
const tagHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = tagDecorator.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = tagDecorator.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--mantine-color-gray-4)', borderRadius: '4px' },
  '&.cm-focused': { outline: '2px solid var(--mantine-color-blue-5)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)' },
  '.cm-clarion-tag': {
    color: 'var(--mantine-color-grape-8)',
    backgroundColor: 'var(--mantine-color-grape-0)',
    borderRadius: '2px',
  },
});

function diagnosticsOf(state: EditorState, problems: readonly EditorProblem[]): Diagnostic[] {
  return problems.map((problem) => {
    const lineNumber = Math.min(Math.max(problem.line, 1), state.doc.lines);
    const line = state.doc.line(lineNumber);
    const from = Math.min(line.from + Math.max(problem.column, 1) - 1, line.to);
    const to = from < line.to ? line.to : Math.min(from + 1, state.doc.length);
    return { from, to, severity: 'error', message: problem.message };
  });
}

export default function CodeEditor({
  label,
  value,
  onChange,
  language,
  problems,
  minHeight = 320,
  handle,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  language: 'html' | 'text';
  problems: readonly EditorProblem[];
  minHeight?: number;
  handle?: Ref<CodeEditorHandle>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      basicSetup,
      lintGutter(),
      tagHighlighter,
      theme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${minHeight}px` } }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) changed.current(update.state.doc.toString());
      }),
    ];
    if (language === 'html') extensions.push(html({ autoCloseTags: false }));
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({ doc: value, extensions }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once per language; later values are pushed in by the effect below.
  }, [language, label, minHeight]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value)
      editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, diagnosticsOf(editor.state, problems)));
  }, [problems, value]);

  useImperativeHandle(handle, () => ({
    insert(text) {
      const editor = view.current;
      if (!editor) return;
      editor.dispatch(editor.state.replaceSelection(text));
      editor.focus();
    },
    reveal(line, column) {
      const editor = view.current;
      if (!editor) return;
      const target = editor.state.doc.line(Math.min(Math.max(line, 1), editor.state.doc.lines));
      const at = Math.min(target.from + Math.max(column, 1) - 1, target.to);
      editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      editor.focus();
    },
  }));

  return (
    <Input.Wrapper label={label}>
      <Box ref={host} data-testid="code-editor" />
    </Input.Wrapper>
  );
}
