// Placeholder: the CSV reader and writer land here (readCsv, writeCsv). See packages/io/README.md.
export {};
