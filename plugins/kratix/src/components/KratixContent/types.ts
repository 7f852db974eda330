/** Something loaded from the Kratix backend: the latest answer, or why it could not be loaded. */
export interface LiveState<T> {
  value?: T;
  loading: boolean;
  error?: Error;
}
