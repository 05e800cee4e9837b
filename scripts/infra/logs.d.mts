export function useColour(stream?: { isTTY?: boolean }, env?: NodeJS.ProcessEnv): boolean;
export function makePrefix(name: string, options: { width: number; index?: number; colour?: boolean }): string;
export function formatLine(line: string, options?: { pretty?: boolean; colour?: boolean }): string;
export function makeLineWriter(
  name: string,
  options: {
    width: number;
    index: number;
    stream?: { write(text: string): unknown };
    pretty: boolean;
    colour: boolean;
  },
): (line: string) => void;
