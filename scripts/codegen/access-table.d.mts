export declare class UndeclaredAccess extends Error {}
export interface ServiceForCodegen {
  fullName: string;
  methods: {
    name: string;
    output: string;
    access?: { roles?: string[]; command?: boolean; readsPersonalData?: boolean; intake?: boolean };
  }[];
}
export declare function renderAccessTable(services: ServiceForCodegen[]): string;
