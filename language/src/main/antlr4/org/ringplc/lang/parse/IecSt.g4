/*
 * IEC 61131-3 (3rd edition) Structured Text: program organisation units, data types,
 * configurations and the ST statement and expression language. Keywords are case-insensitive,
 * as the standard requires. Alternatives are labelled so that the AST builder's visitor methods
 * carry the standard's names.
 */
grammar IecSt;

options { caseInsensitive = true; }

compilationUnit : element* EOF ;

element
    : programDecl
    | functionBlockDecl
    | interfaceDecl
    | functionDecl
    | typeDecl
    | configurationDecl
    | globalVarBlock
    ;

programDecl       : PROGRAM name=identifier varBlock* body END_PROGRAM ;
functionBlockDecl : FUNCTION_BLOCK modifier=(ABSTRACT | FINAL)? name=identifier (EXTENDS base=identifier)?
                    (IMPLEMENTS interfaces+=identifier (',' interfaces+=identifier)*)?
                    varBlock* (methodDecl | propertyDecl)* body END_FUNCTION_BLOCK ;

// methods and properties of IEC 61131-3 ed. 3 (properties as CODESYS writes them)
methodDecl        : METHOD access? modifiers+=(ABSTRACT | FINAL | OVERRIDE)* name=identifier (':' result=typeRef)?
                    varBlock* body END_METHOD ;
access            : PUBLIC | PRIVATE | PROTECTED | INTERNAL ;
propertyDecl      : PROPERTY access? modifiers+=(ABSTRACT | FINAL | OVERRIDE)* name=identifier ':' type=typeRef
                    propertyAccessor* END_PROPERTY ;
propertyAccessor  : kind=(GET | SET) varBlock* body (END_GET | END_SET) ;
interfaceDecl     : INTERFACE name=identifier (EXTENDS bases+=identifier (',' bases+=identifier)*)?
                    (methodPrototype | propertyPrototype)* END_INTERFACE ;
methodPrototype   : METHOD name=identifier (':' result=typeRef)? varBlock* END_METHOD ;
propertyPrototype : PROPERTY name=identifier ':' type=typeRef (GET END_GET? | SET END_SET?)* END_PROPERTY ;
functionDecl      : FUNCTION name=identifier (':' result=typeRef)? varBlock* body END_FUNCTION ;
body              : statement* ;

typeDecl          : TYPE (typeDefinition)+ END_TYPE ;
typeDefinition    : name=identifier ':' typeSpec (':=' init=initializer)? ';' ;

typeSpec
    : STRUCT structMember+ END_STRUCT                          # StructSpec
    | '(' enumElement (',' enumElement)* ')' base=typeRef?     # EnumSpec
    | typeRef                                                  # AliasSpec
    ;
structMember      : identifier ':' typeRef (':=' initializer)? ';' ;
enumElement       : identifier (':=' signedInteger)? ;

globalVarBlock    : VAR_GLOBAL qualifier* varDecl* END_VAR ;

varBlock          : section=varSection qualifier* varDecl* END_VAR ;
// VAR_INST (CODESYS): only in a METHOD, where its variables live in the function block instance
varSection        : VAR | VAR_INPUT | VAR_OUTPUT | VAR_IN_OUT | VAR_TEMP | VAR_EXTERNAL | VAR_GLOBAL | VAR_INST ;
qualifier         : CONSTANT | RETAIN | NON_RETAIN | PERSISTENT ;
varDecl           : identifier (',' identifier)* (AT address=DIRECT_ADDRESS)? ':' typeRef (':=' initializer)? ';' ;

typeRef
    : ARRAY '[' subrange (',' subrange)* ']' OF typeRef        # ArrayType
    | REF_TO typeRef                                           # ReferenceType
    | (STRING | WSTRING) ('[' length=expression ']' | '(' length=expression ')')?  # StringType
    | identifier '(' subrange ')'                              # SubrangeType
    | identifier                                               # NamedType
    ;
subrange          : lo=expression '..' hi=expression ;

initializer
    : '[' arrayInitElement (',' arrayInitElement)* ']'         # ArrayInit
    | '(' structInitElement (',' structInitElement)* ')'       # StructInit
    | expression                                               # ExprInit
    ;
arrayInitElement  : (count=INTEGER '(' initializer? ')') | initializer ;
structInitElement : identifier ':=' initializer ;

configurationDecl : CONFIGURATION name=identifier globalVarBlock* (resourceDecl+ | resourceBody) END_CONFIGURATION ;
resourceDecl      : RESOURCE name=identifier ON identifier resourceBody END_RESOURCE ;
resourceBody      : globalVarBlock* taskDecl* programConfig* ;
taskDecl          : TASK name=identifier '(' taskParam (',' taskParam)* ')' ';' ;
taskParam         : identifier ':=' expression ;
programConfig     : PROGRAM qualifier? inst=identifier (WITH task=identifier)? ':' type=identifier
                    ('(' (taskParam (',' taskParam)*)? ')')? ';' ;

statement
    : variable ':=' expression ';'                                                    # Assignment
    | variable '(' (argument (',' argument)*)? ')' ';'                                # CallStatement
    | IF cond=expression THEN thenBody=body elsifPart* (ELSE elseBody=body)? END_IF ';'?   # IfStatement
    | CASE selector=expression OF caseBranch* (ELSE elseBody=body)? END_CASE ';'?     # CaseStatement
    | FOR control=identifier ':=' from=expression TO to=expression (BY step=expression)? DO body END_FOR ';'?  # ForStatement
    | WHILE cond=expression DO body END_WHILE ';'?                                    # WhileStatement
    | REPEAT body UNTIL cond=expression END_REPEAT ';'?                               # RepeatStatement
    | EXIT ';'                                                                        # ExitStatement
    | CONTINUE ';'                                                                    # ContinueStatement
    | RETURN ';'                                                                      # ReturnStatement
    | ';'                                                                             # EmptyStatement
    ;
elsifPart         : ELSIF cond=expression THEN body ;
caseBranch        : caseLabel (',' caseLabel)* ':' body ;
caseLabel         : lo=expression ('..' hi=expression)? ;

argument
    : identifier ':=' expression          # InputArgument
    | NOT? identifier '=>' variable       # OutputArgument
    | expression                          # PositionalArgument
    ;

variable
    : identifier                                          # NameVariable
    | variable '.' identifier                             # MemberVariable
    | variable '.' INTEGER                                # BitVariable
    | variable '[' expression (',' expression)* ']'       # IndexVariable
    | variable '^'                                        # DerefVariable
    ;

resultAccess
    : '.' identifier                                      # ResultMember
    | '.' INTEGER                                         # ResultBit
    | '[' expression (',' expression)* ']'                # ResultIndex
    ;

expression
    : '(' expression ')'                                         # ParenExpr
    | literal                                                    # LiteralExpr
    | callee=callName '(' (argument (',' argument)*)? ')'        # CallExpr
    // a member, element or bit of a FUNCTION's result: F(x).y, F(x)[2].y, F(x).3 (read only)
    | callee=callName '(' (argument (',' argument)*)? ')' resultAccess+  # CallAccessExpr
    | target=variable '.' method=identifier '(' (argument (',' argument)*)? ')'  # MethodCallExpr
    // the same off a METHOD's result: o.M(x).y, o.M(x)[2] (read only)
    | target=variable '.' method=identifier '(' (argument (',' argument)*)? ')' resultAccess+  # MethodCallAccessExpr
    | variable                                                   # VariableExpr
    | op=('-' | '+' | NOT) expression                            # UnaryExpr
    | <assoc=right> left=expression op='**' right=expression     # BinaryExpr
    | left=expression op=('*' | '/' | MOD) right=expression      # BinaryExpr
    | left=expression op=('+' | '-') right=expression            # BinaryExpr
    | left=expression op=('<' | '>' | '<=' | '>=') right=expression  # BinaryExpr
    | left=expression op=('=' | '<>') right=expression           # BinaryExpr
    | left=expression op=(AND | '&') right=expression            # BinaryExpr
    | left=expression op=XOR right=expression                    # BinaryExpr
    | left=expression op=OR right=expression                     # BinaryExpr
    ;

literal
    : INTEGER                                   # IntegerLiteral
    | BASED_INTEGER                             # IntegerLiteral
    | REAL_NUMBER                               # RealLiteral
    | (TRUE | FALSE)                            # BoolLiteral
    | DURATION                                  # DurationLiteral
    | DATE_LITERAL                              # DateLiteral
    | TOD_LITERAL                               # TodLiteral
    | DT_LITERAL                                # DtLiteral
    | STRING_LITERAL                            # StringLiteral
    | WSTRING_LITERAL                           # StringLiteral
    | type=identifier '#' sign=('-' | '+')? value=typedValue  # TypedLiteral
    ;
typedValue        : INTEGER | BASED_INTEGER | REAL_NUMBER | TRUE | FALSE | identifier | STRING_LITERAL ;
signedInteger     : ('-' | '+')? (INTEGER | BASED_INTEGER) ;

// MOD is an operator and a standard function: MOD(a, b)
callName          : identifier | MOD ;

// identifiers that are keywords elsewhere but fine as names
identifier        : IDENTIFIER | ON | STRING | WSTRING | GET | SET | METHOD | PROPERTY | INTERFACE | EXTENDS
                  | IMPLEMENTS | ABSTRACT | FINAL | OVERRIDE | PUBLIC | PRIVATE | PROTECTED | INTERNAL ;

// ---------------------------------------------------------------- lexer

PROGRAM : 'PROGRAM' ; END_PROGRAM : 'END_PROGRAM' ;
FUNCTION_BLOCK : 'FUNCTION_BLOCK' ; END_FUNCTION_BLOCK : 'END_FUNCTION_BLOCK' ;
FUNCTION : 'FUNCTION' ; END_FUNCTION : 'END_FUNCTION' ;
METHOD : 'METHOD' ; END_METHOD : 'END_METHOD' ; INTERFACE : 'INTERFACE' ; END_INTERFACE : 'END_INTERFACE' ;
PROPERTY : 'PROPERTY' ; END_PROPERTY : 'END_PROPERTY' ; GET : 'GET' ; END_GET : 'END_GET' ; SET : 'SET' ; END_SET : 'END_SET' ;
EXTENDS : 'EXTENDS' ; IMPLEMENTS : 'IMPLEMENTS' ; ABSTRACT : 'ABSTRACT' ; FINAL : 'FINAL' ; OVERRIDE : 'OVERRIDE' ;
PUBLIC : 'PUBLIC' ; PRIVATE : 'PRIVATE' ; PROTECTED : 'PROTECTED' ; INTERNAL : 'INTERNAL' ;
TYPE : 'TYPE' ; END_TYPE : 'END_TYPE' ; STRUCT : 'STRUCT' ; END_STRUCT : 'END_STRUCT' ;
VAR : 'VAR' ; VAR_INPUT : 'VAR_INPUT' ; VAR_OUTPUT : 'VAR_OUTPUT' ; VAR_IN_OUT : 'VAR_IN_OUT' ;
VAR_TEMP : 'VAR_TEMP' ; VAR_EXTERNAL : 'VAR_EXTERNAL' ; VAR_GLOBAL : 'VAR_GLOBAL' ; VAR_INST : 'VAR_INST' ; END_VAR : 'END_VAR' ;
CONSTANT : 'CONSTANT' ; RETAIN : 'RETAIN' ; NON_RETAIN : 'NON_RETAIN' ; PERSISTENT : 'PERSISTENT' ;
AT : 'AT' ; ARRAY : 'ARRAY' ; REF_TO : 'REF_TO' ; OF : 'OF' ; STRING : 'STRING' ; WSTRING : 'WSTRING' ;
CONFIGURATION : 'CONFIGURATION' ; END_CONFIGURATION : 'END_CONFIGURATION' ;
RESOURCE : 'RESOURCE' ; END_RESOURCE : 'END_RESOURCE' ; ON : 'ON' ; TASK : 'TASK' ; WITH : 'WITH' ;
IF : 'IF' ; THEN : 'THEN' ; ELSIF : 'ELSIF' ; ELSE : 'ELSE' ; END_IF : 'END_IF' ;
CASE : 'CASE' ; END_CASE : 'END_CASE' ;
FOR : 'FOR' ; TO : 'TO' ; BY : 'BY' ; DO : 'DO' ; END_FOR : 'END_FOR' ;
WHILE : 'WHILE' ; END_WHILE : 'END_WHILE' ; REPEAT : 'REPEAT' ; UNTIL : 'UNTIL' ; END_REPEAT : 'END_REPEAT' ;
EXIT : 'EXIT' ; CONTINUE : 'CONTINUE' ; RETURN : 'RETURN' ;
NOT : 'NOT' ; AND : 'AND' ; OR : 'OR' ; XOR : 'XOR' ; MOD : 'MOD' ;
TRUE : 'TRUE' ; FALSE : 'FALSE' ;

DURATION      : ('T' | 'TIME' | 'LT' | 'LTIME') '#' [+-]? ([0-9] [0-9_]* ('.' [0-9]+)? ('D' | 'H' | 'M' | 'S' | 'MS' | 'US' | 'NS') '_'?)+ ;
DATE_LITERAL  : ('D' | 'DATE' | 'LDATE' | 'LD') '#' [0-9]+ '-' [0-9]+ '-' [0-9]+ ;
TOD_LITERAL   : ('TOD' | 'TIME_OF_DAY' | 'LTOD' | 'LTIME_OF_DAY') '#' [0-9]+ ':' [0-9]+ ':' [0-9]+ ('.' [0-9]+)? ;
DT_LITERAL    : ('DT' | 'DATE_AND_TIME' | 'LDT' | 'LDATE_AND_TIME') '#' [0-9]+ '-' [0-9]+ '-' [0-9]+ '-' [0-9]+ ':' [0-9]+ ':' [0-9]+ ('.' [0-9]+)? ;

DIRECT_ADDRESS : '%' [IQM] [XBWDL]? [0-9]+ ('.' [0-9]+)* ;
BASED_INTEGER  : ('2' | '8' | '16') '#' [0-9A-F] [0-9A-F_]* ;
REAL_NUMBER    : [0-9] [0-9_]* '.' [0-9] [0-9_]* ('E' [+-]? [0-9]+)? | [0-9] [0-9_]* 'E' [+-]? [0-9]+ ;
INTEGER        : [0-9] [0-9_]* ;
STRING_LITERAL : '\'' ('$' . | ~['$\r\n])* '\'' ;
WSTRING_LITERAL: '"' ('$' . | ~["$\r\n])* '"' ;
IDENTIFIER     : [A-Z_] [A-Z0-9_]* ;

ASSIGN : ':=' ; OUTPUT_ASSIGN : '=>' ; RANGE : '..' ; POWER : '**' ;
LE : '<=' ; GE : '>=' ; NE : '<>' ; LT_ : '<' ; GT_ : '>' ; EQ : '=' ;
CARET : '^' ; PLUS : '+' ; MINUS : '-' ; STAR : '*' ; SLASH : '/' ; AMP : '&' ; HASH : '#' ;
LPAREN : '(' ; RPAREN : ')' ; LBRACK : '[' ; RBRACK : ']' ; COMMA : ',' ; SEMI : ';' ; COLON : ':' ; DOT : '.' ;

// comments nest, as IEC 61131-3 ed. 3 allows (and CODESYS does): (* a (* b *) c *)
BLOCK_COMMENT  : '(*' (BLOCK_COMMENT | .)*? '*)' -> skip ;
C_COMMENT      : '/*' (C_COMMENT | .)*? '*/' -> skip ;
LINE_COMMENT   : '//' ~[\r\n]* -> skip ;
PRAGMA         : '{' .*? '}' -> skip ;
WS             : [ \t\r\n\f]+ -> skip ;
ERROR_CHAR     : . ;
