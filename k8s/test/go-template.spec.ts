import { goFloat, TemplateSet } from './support/go-template';
import { TEMPLATE_FUNCTIONS } from './support/template-functions';

// The chart is only as well tested as this interpreter is faithful to Go's text/template and Helm.

function render(source: string, data: unknown, defines = ''): string {
  return new TemplateSet({ main: source, helpers: defines }, TEMPLATE_FUNCTIONS).render('main', data);
}

describe('Go template subset', () => {
  it('trims whitespace on the marked side only', () => {
    expect(render('a  {{- "b" -}}  c', {})).toBe('abc');
    expect(render('a  {{ "b" -}}\n  c', {})).toBe('a  bc');
    expect(render('a\n  {{- "b" }}\nc', {})).toBe('ab\nc');
    expect(render('x {{/* note */}} y', {})).toBe('x  y');
  });

  it('prints numbers as Helm does (values are float64)', () => {
    expect(
      render('{{ .a }} {{ .b }} {{ .c }} {{ .d | quote }}', { a: 3001, b: 52428800, c: 0.5, d: 1000000 }),
    ).toBe('3001 5.24288e+07 0.5 "1e+06"');
    expect(goFloat(123456)).toBe('123456');
    expect(goFloat(0.00001)).toBe('1e-05');
  });

  it('prints a missing map key as nothing and fails on a field of nothing', () => {
    expect(render('[{{ .Values.missing }}]', { Values: {} })).toBe('[]');
    expect(() => render('{{ .Values.missing.deeper }}', { Values: {} })).toThrow(
      /nil pointer evaluating interface \{\}.deeper/,
    );
  });

  it('branches with Go truth: empty strings, maps, lists and zero are false', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    expect(render(t, { a: 'x', b: 1 })).toBe('A');
    expect(render(t, { a: '', b: 1 })).toBe('B');
    expect(render(t, { a: {}, b: 0 })).toBe('C');
    expect(render(t, { a: [], b: [] })).toBe('C');
  });

  it('ranges over maps in key order and over lists, with variables and $', () => {
    expect(
      render('{{ range $k, $v := .m }}{{ $k }}={{ $v }}{{ $.sep }}{{ end }}', {
        m: { b: 2, a: 1 },
        sep: ';',
      }),
    ).toBe('a=1;b=2;');
    expect(render('{{ range .l }}[{{ . }}]{{ else }}none{{ end }}', { l: ['x', 'y'] })).toBe('[x][y]');
    expect(render('{{ range .l }}[{{ . }}]{{ else }}none{{ end }}', { l: [] })).toBe('none');
  });

  it('scopes with and variables', () => {
    expect(render('{{ $x := "out" }}{{ with .w }}{{ .v }}-{{ $x }}{{ end }}', { w: { v: 'in' } })).toBe(
      'in-out',
    );
    expect(render('{{ with .w }}yes{{ else }}no{{ end }}', { w: '' })).toBe('no');
  });

  it('includes defines with their own data and pipes into functions (piped value last)', () => {
    const defines = '{{- define "greet" -}}hi {{ .name }}{{- end -}}';
    expect(render('{{ include "greet" (dict "name" "ana") | nindent 2 }}', {}, defines)).toBe('\n  hi ana');
    expect(render('{{ .v | default "d" }}|{{ .w | default "d" }}', { v: '', w: 'w' })).toBe('d|w');
    expect(render('{{ printf "%s-%s" "a" "b" | trunc 2 | trimSuffix "-" }}', {})).toBe('a');
    expect(render('{{ and .a .b }}|{{ or .a .b }}|{{ not .a }}', { a: '', b: 'B' })).toBe('|B|true');
  });

  it('renders YAML like sigs.k8s.io/yaml: sorted keys, YAML 1.1 strings quoted', () => {
    expect(render('{{ toYaml .m }}', { m: { b: 'off', a: { c: 1 } } })).toBe('a:\n  c: 1\nb: "off"');
  });

  it('does integer arithmetic and comparisons as Sprig and Go do: ints and float64 values do not mix', () => {
    const values = { grace: 360, limit: '300000', half: 2.5 };
    expect(
      render('{{ mul .grace 1000 }} {{ add .limit 1 2 }} {{ sub 5 .half }} {{ div -7 2 }}', values),
    ).toBe('360000 300003 3 -3');
    expect(render('{{ le (mul .grace 1000) (int64 .limit) }} {{ lt 2 3 }} {{ lt "a" "b" }}', values)).toBe(
      'false true true',
    );
    expect(render('{{ printf "%d s" (int64 .grace) }}', values)).toBe('360 s');
    expect(() => render('{{ le .grace 300 }}', values)).toThrow(/incompatible types for comparison/);
    expect(() => render('{{ printf "%d" .grace }}', values)).toThrow(/printf %d of number/);
    expect(() => render('{{ int64 "0300" }}', values)).toThrow(/not modelled/);
    expect(() => render('{{ div 1 0 }}', values)).toThrow(/divide by zero/);
  });

  it('reads map keys with get ("" when absent) and stops at fail with its message', () => {
    expect(render('[{{ get .m "a" }}][{{ get .m "b" | default "d" }}]', { m: { a: 1 } })).toBe('[1][d]');
    expect(() => render('{{ if lt 1 2 }}{{ fail (printf "x is %d" 1) }}{{ end }}', {})).toThrow(/^x is 1$/);
  });

  it('stops at required values, unknown functions and constructs outside the subset', () => {
    expect(() => render('{{ required "set x" .x }}', {})).toThrow('set x');
    expect(() => render('{{ .x | upper }}', { x: 'a' })).toThrow(/function "upper" not defined/);
    expect(() => render('{{ template "t" . }}', {})).toThrow(/outside the supported subset/);
    expect(() => render('{{ if .x }}open', {})).toThrow(/unclosed \{\{ if \}\}/);
  });
});
