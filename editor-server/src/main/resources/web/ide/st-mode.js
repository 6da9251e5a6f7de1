// IEC 61131-3 Structured Text for CodeMirror 5: keywords, elementary types, standard FBs and
// functions, literals (T#1s, 16#FF, INT#5, 'text'), located addresses (%QX0.1), pragmas and the
// three comment forms ((* *) nested, /* */, //). Case-insensitive like the language.
'use strict';

(() => {
  if (typeof CodeMirror === 'undefined') return;
  const words = (s) => new Set(s.split(/\s+/).filter(Boolean));
  const KEYWORDS = words(`PROGRAM END_PROGRAM FUNCTION END_FUNCTION FUNCTION_BLOCK END_FUNCTION_BLOCK
    VAR VAR_INPUT VAR_OUTPUT VAR_IN_OUT VAR_TEMP VAR_GLOBAL VAR_EXTERNAL VAR_CONFIG VAR_INST END_VAR CONSTANT RETAIN
    NON_RETAIN PERSISTENT AT TYPE END_TYPE STRUCT END_STRUCT ARRAY OF IF THEN ELSIF ELSE END_IF CASE END_CASE
    FOR TO BY DO END_FOR WHILE END_WHILE REPEAT UNTIL END_REPEAT EXIT RETURN CONTINUE CONFIGURATION
    END_CONFIGURATION RESOURCE END_RESOURCE ON TASK WITH INTERVAL PRIORITY SINGLE STEP END_STEP INITIAL_STEP
    TRANSITION END_TRANSITION FROM ACTION END_ACTION METHOD END_METHOD`);
  const OPERATORS = words('AND OR XOR NOT MOD AND_THEN OR_ELSE');
  const TYPES = words(`BOOL SINT INT DINT LINT USINT UINT UDINT ULINT BYTE WORD DWORD LWORD REAL LREAL TIME LTIME
    DATE TIME_OF_DAY TOD DATE_AND_TIME DT STRING WSTRING CHAR WCHAR ANY`);
  const ATOMS = words('TRUE FALSE');
  const BUILTINS = words(`TON TOF TP R_TRIG F_TRIG CTU CTD CTUD SR RS ABS SQRT LN LOG EXP SIN COS TAN ASIN ACOS
    ATAN EXPT MIN MAX LIMIT SEL MUX SHL SHR ROL ROR LEN LEFT RIGHT MID CONCAT INSERT DELETE REPLACE FIND TRUNC`);

  CodeMirror.defineMode('iec-st', () => ({
    startState: () => ({ comment: 0 }),
    token(stream, state) {
      if (state.comment > 0) {
        while (!stream.eol()) {
          if (stream.match('(*')) state.comment++;
          else if (stream.match('*)')) { state.comment--; if (state.comment === 0) break; } else stream.next();
        }
        return 'comment';
      }
      if (stream.eatSpace()) return null;
      if (stream.match('(*')) { state.comment = 1; return 'comment'; }
      if (stream.match('//')) { stream.skipToEnd(); return 'comment'; }
      if (stream.match('/*')) {
        if (!stream.skipTo('*/')) { stream.skipToEnd(); return 'comment'; }
        stream.match('*/');
        return 'comment';
      }
      if (stream.match(/^\{[^}]*\}/)) return 'meta';
      if (stream.match(/^'(\$.|[^'$])*'?/) || stream.match(/^"(\$.|[^"$])*"?/)) return 'string';
      if (stream.match(/^%[IQM][XBWDL]?[0-9]+(\.[0-9]+)*/i)) return 'variable-3';
      if (stream.match(/^(L?TIME|L?T|TOD|TIME_OF_DAY|DATE|D|DT|DATE_AND_TIME)#[-+0-9a-z_:.]+/i)) return 'number';
      if (stream.match(/^[0-9]+#[0-9a-f_]+/i)) return 'number';
      if (stream.match(/^[0-9][0-9_]*(\.[0-9_]+)?(e[+-]?[0-9]+)?/i)) return 'number';
      if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*#/)) return 'type';   // typed literal prefix INT#
      if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
        const w = stream.current().toUpperCase();
        if (KEYWORDS.has(w)) return 'keyword';
        if (OPERATORS.has(w)) return 'operator';
        if (TYPES.has(w)) return 'type';
        if (ATOMS.has(w)) return 'atom';
        if (BUILTINS.has(w)) return 'builtin';
        return 'variable';
      }
      if (stream.match(/^(:=|=>|<=|>=|<>|\*\*|[-+*\/=<>&^])/)) return 'operator';
      stream.next();
      return null;
    },
    lineComment: '//',
    blockCommentStart: '(*',
    blockCommentEnd: '*)',
  }));
  CodeMirror.defineMIME('text/x-iecst', 'iec-st');
})();
