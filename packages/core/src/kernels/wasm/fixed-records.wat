;; Fixed-width record kernels with 128-bit SIMD (tuomin, @tuomin/core).
;;
;; Source of fixed-records-wasm.ts: `pnpm gen-wasm` assembles this file with wabt and writes the
;; bytes there as base64; test/wasm.test.ts checks that the committed bytes match this source.
;; The JS side (../fixed-records.ts) copies one chunk's value bytes and offsets into the memory,
;; calls these functions, and copies the masked bytes out.
(module
  (memory (export "memory") 1)

  ;; Index of the first record i in [from, to) whose length offsets[i+1] - offsets[i] is not $w,
  ;; or $to when there is none. $off points at the Int32 offsets (record i at $off + 4 i).
  (func (export "uniformRun") (param $off i32) (param $from i32) (param $to i32) (param $w i32) (result i32)
    (local $i i32) (local $ww v128)
    (local.set $i (local.get $from))
    (local.set $ww (i32x4.splat (local.get $w)))
    ;; Four lengths at a time while four records remain.
    (block $slow
      (loop $quad
        (br_if $slow (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $to)))
        (br_if $slow (i32.eqz (i32x4.all_true (i32x4.eq (local.get $ww)
          (i32x4.sub
            (v128.load offset=4 align=4 (i32.add (local.get $off) (i32.shl (local.get $i) (i32.const 2))))
            (v128.load align=4 (i32.add (local.get $off) (i32.shl (local.get $i) (i32.const 2)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    ;; One at a time: the tail, or the quad holding the first other length.
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (br_if $done (i32.ne (local.get $w)
          (i32.sub
            (i32.load offset=4 (i32.add (local.get $off) (i32.shl (local.get $i) (i32.const 2))))
            (i32.load (i32.add (local.get $off) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one)))
    (local.get $i))

  ;; Validate and mask, in place, $nblocks blocks of back-to-back fixed-width records starting at
  ;; $data (any alignment). A block is $p 16-byte vectors: lcm(width, 16) bytes, so lane k of
  ;; vector j is always the same position of the same record of the block. $pat holds $p entries
  ;; of four vectors: lo and hi (the allowed unsigned byte range per lane), alt (lanes that may
  ;; also hold 'X' or 'x': the check character of an ID) and hide (lanes to overwrite with the
  ;; mask byte $m). A block is written only when every lane is allowed. Returns the index of the
  ;; first block with a lane out of its range, left unwritten, or $nblocks.
  (func (export "maskBlocks") (param $data i32) (param $nblocks i32) (param $pat i32) (param $p i32) (param $m i32) (result i32)
    (local $b i32) (local $j i32) (local $ptr i32) (local $q i32) (local $v v128) (local $bad v128) (local $mask v128)
    (local.set $mask (i8x16.splat (local.get $m)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $b) (local.get $nblocks)))
        (local.set $bad (v128.const i64x2 0 0))
        (local.set $ptr (i32.add (local.get $data) (i32.mul (local.get $b) (i32.shl (local.get $p) (i32.const 4)))))
        (local.set $q (local.get $pat))
        (local.set $j (i32.const 0))
        (loop $check
          (local.set $v (v128.load align=1 (local.get $ptr)))
          (local.set $bad (v128.or (local.get $bad)
            (v128.not (v128.or
              (v128.and (i8x16.ge_u (local.get $v) (v128.load (local.get $q)))
                        (i8x16.le_u (local.get $v) (v128.load offset=16 (local.get $q))))
              (v128.and (v128.load offset=32 (local.get $q))
                        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 88)))
                                 (i8x16.eq (local.get $v) (i8x16.splat (i32.const 120)))))))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 64)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $check (i32.lt_u (local.get $j) (local.get $p))))
        (if (v128.any_true (local.get $bad)) (then (return (local.get $b))))
        (local.set $ptr (i32.add (local.get $data) (i32.mul (local.get $b) (i32.shl (local.get $p) (i32.const 4)))))
        (local.set $q (local.get $pat))
        (local.set $j (i32.const 0))
        (loop $write
          (v128.store align=1 (local.get $ptr)
            (v128.bitselect (local.get $mask) (v128.load align=1 (local.get $ptr)) (v128.load offset=48 (local.get $q))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 64)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $write (i32.lt_u (local.get $j) (local.get $p))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $blocks)))
    (local.get $b)))
