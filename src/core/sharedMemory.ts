// Copies of the index's typed arrays, either private to this thread or in memory other threads can see.

/** The typed arrays an index is made of. */
export type NumberArray = Int32Array | Uint16Array | Uint8Array | Float64Array;

/** Makes a copy of a typed array of the same type; see `privateCopy` and `sharedCopy`. */
export type ArrayCopier = <A extends NumberArray>(array: A) => A;

/** A copy in this thread's own memory, which a message can move (transfer) to another thread. */
export const privateCopy: ArrayCopier = (array) => array.slice() as typeof array;

/**
 * A copy in a SharedArrayBuffer: a message to another thread then hands it the same memory instead of a copy, so
 * two threads that only read an index hold it once. Reading shared memory without atomics is safe here because no
 * thread writes it after the copy.
 */
export const sharedCopy: ArrayCopier = (array) => {
  const ArrayType = array.constructor as new (buffer: SharedArrayBuffer) => typeof array;
  const copy = new ArrayType(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
};
