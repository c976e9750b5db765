// The key tag (RFC 4034 Appendix B): a 16-bit checksum over a DNSKEY's RDATA that DS and RRSIG records use to name
// the key they mean. It is not unique, so a validator tries every key with the tag.

/** Key tag of DNSKEY RDATA (flags, protocol, algorithm, public key as on the wire). */
export function keyTag(rdata: Uint8Array): number {
  // Algorithm 1 (RSA/MD5) is the exception: the tag is bits 16..31 from the end of the modulus (Appendix B.1).
  if (rdata[3] === 1) {
    if (rdata.length < 4) return 0
    return ((rdata[rdata.length - 3]! << 8) | rdata[rdata.length - 2]!) & 0xffff
  }
  let ac = 0
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8
  ac += (ac >> 16) & 0xffff
  return ac & 0xffff
}

/** DNSKEY RDATA from its fields (RFC 4034 §2.1). */
export function dnskeyRdata(flags: number, protocol: number, algorithm: number, publicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + publicKey.length)
  out[0] = flags >> 8
  out[1] = flags & 0xff
  out[2] = protocol
  out[3] = algorithm
  out.set(publicKey, 4)
  return out
}
