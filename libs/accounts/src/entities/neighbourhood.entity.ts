import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Annex } from './annex.entity';

/** A quartier / sector of an annex: the census unit. */
@Entity()
@Unique('neighbourhood_annex_id_code_key', ['annexId', 'code'])
export class Neighbourhood {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) @ForeignKey(() => Annex, { name: 'neighbourhood_annex_id_fkey' }) annexId: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'text' }) nameAr: string;
  @Column({ type: 'text' }) nameFr: string;
}
